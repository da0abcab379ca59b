#include "models/networks/network.hpp"
#include "models/random_events.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace rapport::models {
namespace {

// Every generation starts from the same counter, so the two passes of a streaming CSR build agree.
sim::DrawSequence fresh_draws(const sim::RandomStreams& streams) {
  return sim::DrawSequence(streams, 0, 0, event::kNetwork);
}

FriendshipNetwork build_watts_strogatz(const Parameters& params, const std::vector<std::uint32_t>& panel_begin,
                                       const sim::RandomStreams& streams) {
  return FriendshipNetwork(
      watts_strogatz(panel_begin.back(), params.network.mean_degree, params.network.rewire_probability, streams));
}

// While the build runs: a bit per owned ring edge, a 4-byte row start, and each rewired
// edge (h p per patient) as an 8-byte record grouped by target plus its two 4-byte row entries.
double watts_strogatz_peak_bytes(const Parameters& params) {
  const double half = static_cast<double>(std::lround(params.network.mean_degree / 2));
  return half / 8 + 4 + 16 * half * params.network.rewire_probability;
}

FriendshipNetwork build_barabasi_albert(const Parameters& params, const std::vector<std::uint32_t>& panel_begin,
                                        const sim::RandomStreams& streams) {
  const sim::NodeId n = panel_begin.back();
  auto draws = fresh_draws(streams);
  return FriendshipNetwork(sim::CsrGraph::from_edges(n, barabasi_albert_edges(n, params.network.mean_degree, draws)));
}

// m edges per patient: their 8-byte list (alive while the graph is built from it, as the
// 4-byte endpoint list is while drawing) and the graph's 8-byte row start and 2 m entries.
double barabasi_albert_peak_bytes(const Parameters& params) {
  const double m = std::max(1.0, static_cast<double>(std::lround(params.network.mean_degree / 2)));
  return 16 * m + 8;
}

FriendshipNetwork build_stochastic_block(const Parameters& params, const std::vector<std::uint32_t>& panel_begin,
                                         const sim::RandomStreams& streams) {
  return FriendshipNetwork(sim::CsrGraph::from_generator(panel_begin.back(), [&](const EdgeSink& emit) {
    auto draws = fresh_draws(streams);
    stochastic_block(panel_begin, params.network.mean_degree, params.network.within_practice_share, draws, emit);
  }));
}

// Streamed into the graph: its 8-byte row start and mean_degree 4-byte entries.
double stochastic_block_peak_bytes(const Parameters& params) { return 8 + 4 * params.network.mean_degree; }

// The first row is the default of `network.type`.
constexpr std::array<NetworkGenerator, 3> kGenerators = {{
    {"watts_strogatz", "network.mean_degree, network.rewire_probability",
     "small world (Watts-Strogatz, generated in parallel): a ring lattice of mean_degree neighbours, each edge "
     "rewired with rewire_probability",
     build_watts_strogatz, watts_strogatz_peak_bytes},
    {"barabasi_albert", "network.mean_degree",
     "scale free (Barabasi-Albert, Batagelj-Brandes): preferential attachment with mean_degree/2 edges per "
     "new patient, relabelled at random",
     build_barabasi_albert, barabasi_albert_peak_bytes},
    {"stochastic_block", "network.mean_degree, network.within_practice_share",
     "practices as blocks (Boost G(n, p) within, uniform pairs across): within_practice_share of each "
     "patient's friends share the practice",
     build_stochastic_block, stochastic_block_peak_bytes},
}};

}  // namespace

std::span<const NetworkGenerator> network_table() { return kGenerators; }

std::optional<NetworkType> find_network(std::string_view name) {
  const auto it = std::find_if(kGenerators.begin(), kGenerators.end(), [&](const auto& g) { return g.name == name; });
  if (it == kGenerators.end()) return std::nullopt;
  return static_cast<NetworkType>(it - kGenerators.begin());
}

FriendshipNetwork build_friendship_network(const Parameters& params, const std::vector<std::uint32_t>& panel_begin,
                                           const sim::RandomStreams& streams) {
  return kGenerators[static_cast<std::size_t>(params.network.type)].build(params, panel_begin, streams);
}

double friendship_network_bytes_per_patient(const Parameters& params) {
  return kGenerators[static_cast<std::size_t>(params.network.type)].peak_bytes_per_patient(params);
}

}  // namespace rapport::models
