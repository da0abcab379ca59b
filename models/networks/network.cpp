#include "models/networks/network.hpp"

namespace rapport::models {

sim::CsrGraph build_friendship_network(const Parameters& params, const std::vector<std::uint32_t>& panel_begin,
                                       const sim::RandomStreams& streams) {
  const sim::NodeId n = panel_begin.back();
  const auto& net = params.network;
  // Every generation starts from the same counter, so the two passes of the CSR build agree.
  const auto fresh_draws = [&] { return sim::DrawSequence(streams, 0, 0, sim::Event::kNetwork); };
  switch (net.type) {
    case NetworkType::kWattsStrogatz:
      return sim::CsrGraph::from_generator(n, [&](const EdgeSink& emit) {
        auto draws = fresh_draws();
        watts_strogatz(n, net.mean_degree, net.rewire_probability, draws, emit);
      });
    case NetworkType::kStochasticBlock:
      return sim::CsrGraph::from_generator(n, [&](const EdgeSink& emit) {
        auto draws = fresh_draws();
        stochastic_block(panel_begin, net.mean_degree, net.within_practice_share, draws, emit);
      });
    case NetworkType::kBarabasiAlbert: {
      auto draws = fresh_draws();
      return sim::CsrGraph::from_edges(n, barabasi_albert_edges(n, net.mean_degree, draws));
    }
  }
  return {};
}

}  // namespace rapport::models
