// Friendship network generators. Each is a free function from typed parameters and random
// streams to edges (Boost.Graph generators where Boost has one) or, for Watts-Strogatz,
// straight to the implicit small-world graph the phases traverse; build_friendship_network
// picks one by `network.type`.
#pragma once

#include "models/networks/friendship_network.hpp"
#include "models/parameters.hpp"
#include "sim/csr_graph.hpp"
#include "sim/random.hpp"

#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport::models {

using EdgeList = std::vector<std::pair<sim::NodeId, sim::NodeId>>;

using EdgeSink = sim::CsrGraph::EdgeSink;

// Ring lattice of `mean_degree` neighbours (rounded to even), each edge rewired with
// `rewire_probability`. Each node's edges draw only on the node's own counter-based stream,
// so the nodes are generated in parallel and the graph is the same for any thread count.
SmallWorldGraph watts_strogatz(sim::NodeId n, double mean_degree, double rewire_probability,
                               const sim::RandomStreams& streams);
// Preferential attachment with mean_degree/2 edges per new node (Batagelj-Brandes).
EdgeList barabasi_albert_edges(sim::NodeId n, double mean_degree, sim::DrawSequence& draws);
// Blocks are practices: a share of each patient's expected friends lies in the practice.
void stochastic_block(const std::vector<std::uint32_t>& block_begin, double mean_degree, double within_share,
                      sim::DrawSequence& draws, const EdgeSink& emit);

// The streaming generator's edges as a list (for inspection and tests).
EdgeList stochastic_block_edges(const std::vector<std::uint32_t>& block_begin, double mean_degree,
                                double within_share, sim::DrawSequence& draws);

// One choice of `network.type`: its name, the network.* keys it reads, what it builds, the
// builder, and the most memory per patient the build holds at once (for refusing runs too
// large before anything is allocated). The parameter schema's choices, the docs and
// `rapport networks` read network_table().
struct NetworkGenerator {
  std::string_view name;
  std::string_view parameters;
  std::string_view description;
  FriendshipNetwork (*build)(const Parameters& params, const std::vector<std::uint32_t>& panel_begin,
                             const sim::RandomStreams& streams);
  double (*peak_bytes_per_patient)(const Parameters& params);
};

// Every generator; a NetworkType is a row of this table.
std::span<const NetworkGenerator> network_table();
std::optional<NetworkType> find_network(std::string_view name);

FriendshipNetwork build_friendship_network(const Parameters& params, const std::vector<std::uint32_t>& panel_begin,
                                           const sim::RandomStreams& streams);
// build_friendship_network's network, shared by the runs that ask for the same one. A network
// is a pure function of the network.* parameters, the panels, the seed and the replicate; the
// runs of a sweep, a calibration or a decision share the seed and the replicates and seldom
// vary the network, so a process keeps the networks it built last (up to kSharedNetworkBytes)
// and later runs reuse them instead of building them again.
inline constexpr std::size_t kSharedNetworkBytes = std::size_t{256} << 20;
std::shared_ptr<const FriendshipNetwork> shared_friendship_network(const Parameters& params,
                                                                   const std::vector<std::uint32_t>& panel_begin,
                                                                   const sim::RandomStreams& streams);
// The peak_bytes_per_patient of the generator `network.type` picks.
double friendship_network_bytes_per_patient(const Parameters& params);

}  // namespace rapport::models
