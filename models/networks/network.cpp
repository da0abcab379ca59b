#include "models/networks/network.hpp"
#include "models/random_events.hpp"

#include <algorithm>
#include <array>

namespace rapport::models {
namespace {

// Every generation starts from the same counter, so the two passes of a streaming CSR build agree.
sim::DrawSequence fresh_draws(const sim::RandomStreams& streams) {
  return sim::DrawSequence(streams, 0, 0, event::kNetwork);
}

sim::CsrGraph build_watts_strogatz(const Parameters& params, const std::vector<std::uint32_t>& panel_begin,
                                   const sim::RandomStreams& streams) {
  return watts_strogatz(panel_begin.back(), params.network.mean_degree, params.network.rewire_probability, streams);
}

sim::CsrGraph build_barabasi_albert(const Parameters& params, const std::vector<std::uint32_t>& panel_begin,
                                    const sim::RandomStreams& streams) {
  const sim::NodeId n = panel_begin.back();
  auto draws = fresh_draws(streams);
  return sim::CsrGraph::from_edges(n, barabasi_albert_edges(n, params.network.mean_degree, draws));
}

sim::CsrGraph build_stochastic_block(const Parameters& params, const std::vector<std::uint32_t>& panel_begin,
                                     const sim::RandomStreams& streams) {
  return sim::CsrGraph::from_generator(panel_begin.back(), [&](const EdgeSink& emit) {
    auto draws = fresh_draws(streams);
    stochastic_block(panel_begin, params.network.mean_degree, params.network.within_practice_share, draws, emit);
  });
}

// The first row is the default of `network.type`.
constexpr std::array<NetworkGenerator, 3> kGenerators = {{
    {"watts_strogatz", "network.mean_degree, network.rewire_probability",
     "small world (Watts-Strogatz, generated in parallel): a ring lattice of mean_degree neighbours, each edge "
     "rewired with rewire_probability",
     build_watts_strogatz},
    {"barabasi_albert", "network.mean_degree",
     "scale free (Barabasi-Albert, Batagelj-Brandes): preferential attachment with mean_degree/2 edges per "
     "new patient, relabelled at random",
     build_barabasi_albert},
    {"stochastic_block", "network.mean_degree, network.within_practice_share",
     "practices as blocks (Boost G(n, p) within, uniform pairs across): within_practice_share of each "
     "patient's friends share the practice",
     build_stochastic_block},
}};

}  // namespace

std::span<const NetworkGenerator> network_table() { return kGenerators; }

std::optional<NetworkType> find_network(std::string_view name) {
  const auto it = std::find_if(kGenerators.begin(), kGenerators.end(), [&](const auto& g) { return g.name == name; });
  if (it == kGenerators.end()) return std::nullopt;
  return static_cast<NetworkType>(it - kGenerators.begin());
}

sim::CsrGraph build_friendship_network(const Parameters& params, const std::vector<std::uint32_t>& panel_begin,
                                       const sim::RandomStreams& streams) {
  return kGenerators[static_cast<std::size_t>(params.network.type)].build(params, panel_begin, streams);
}

}  // namespace rapport::models
