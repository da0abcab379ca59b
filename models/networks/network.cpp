#include "models/networks/network.hpp"

namespace rapport::models {

sim::CsrGraph build_friendship_network(const Parameters& params, const std::vector<std::uint32_t>& panel_begin,
                                       const sim::RandomStreams& streams) {
  const sim::NodeId n = panel_begin.back();
  sim::DrawSequence draws(streams, 0, 0, sim::Event::kNetwork);
  const auto& net = params.network;
  EdgeList edges;
  switch (net.type) {
    case NetworkType::kWattsStrogatz:
      edges = watts_strogatz_edges(n, net.mean_degree, net.rewire_probability, draws);
      break;
    case NetworkType::kBarabasiAlbert:
      edges = barabasi_albert_edges(n, net.mean_degree, draws);
      break;
    case NetworkType::kStochasticBlock:
      edges = stochastic_block_edges(panel_begin, net.mean_degree, net.within_practice_share, draws);
      break;
  }
  return sim::CsrGraph::from_edges(n, std::move(edges));
}

}  // namespace rapport::models
