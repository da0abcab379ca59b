// Independent cascade: share probability 0 reaches the audience only; no edges,
// no spread; share probability 1 reaches exactly the ball of radius max_hops.
#include <gtest/gtest.h>

#include <algorithm>
#include <queue>
#include <random>
#include <set>

#include "models/cascade.hpp"

namespace rapport::models {
namespace {

using sim::CsrGraph;
using sim::NodeId;

CsrGraph random_graph(NodeId n, int n_edges, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<NodeId> node(0, n - 1);
  std::vector<std::pair<NodeId, NodeId>> edges;
  for (int e = 0; e < n_edges; ++e) edges.emplace_back(node(rng), node(rng));
  return CsrGraph::from_edges(n, edges);
}

// Nodes within `hops` of any source, by breadth-first search.
std::set<std::uint32_t> ball(const CsrGraph& g, const std::vector<std::uint32_t>& sources, int hops) {
  std::vector<int> distance(g.n_nodes(), -1);
  std::queue<std::uint32_t> queue;
  for (const auto s : sources) {
    if (distance[s] < 0) {
      distance[s] = 0;
      queue.push(s);
    }
  }
  while (!queue.empty()) {
    const auto v = queue.front();
    queue.pop();
    if (distance[v] == hops) continue;
    for (const auto w : g.neighbors(v)) {
      if (distance[w] < 0) {
        distance[w] = distance[v] + 1;
        queue.push(w);
      }
    }
  }
  std::set<std::uint32_t> reached;
  for (NodeId v = 0; v < g.n_nodes(); ++v) if (distance[v] >= 0) reached.insert(v);
  return reached;
}

class Cascade : public ::testing::Test {
 protected:
  CsrGraph graph = random_graph(400, 700, 9);
  FriendshipNetwork network{graph};
  sim::RandomStreams streams{42, 0};
  std::vector<std::uint32_t> stamp = std::vector<std::uint32_t>(400, 0);
  std::uint32_t serial = 0;

  std::vector<std::uint32_t> run(const FriendshipNetwork& g, const std::vector<std::uint32_t>& audience, double p_share,
                                 int hops) {
    return independent_cascade(g, audience, p_share, hops, streams, 3, ++serial, stamp);
  }
};

TEST_F(Cascade, ZeroShareProbabilityReachesExactlyTheDeduplicatedAudience) {
  const std::vector<std::uint32_t> audience = {17, 3, 17, 250, 3, 99};
  const auto reached = run(network, audience, 0.0, 5);
  EXPECT_EQ(reached, (std::vector<std::uint32_t>{17, 3, 250, 99}));
}

TEST_F(Cascade, OnAGraphWithoutEdgesOnlyTheAudienceIsReached) {
  const FriendshipNetwork empty(CsrGraph::from_edges(400, {}));
  const std::vector<std::uint32_t> audience = {1, 2, 3, 2};
  const auto reached = run(empty, audience, 1.0, 10);
  EXPECT_EQ(reached, (std::vector<std::uint32_t>{1, 2, 3}));
}

TEST_F(Cascade, CertainSharingReachesExactlyTheHopBall) {
  const std::vector<std::uint32_t> audience = {0, 57, 123};
  for (int hops = 0; hops <= 5; ++hops) {
    const auto reached = run(network, audience, 1.0, hops);
    const std::set<std::uint32_t> as_set(reached.begin(), reached.end());
    EXPECT_EQ(as_set.size(), reached.size()) << "a node was reached twice";
    EXPECT_EQ(as_set, ball(graph, audience, hops)) << "hops = " << hops;
  }
}

TEST_F(Cascade, EmptyAudienceReachesNoOne) {
  EXPECT_TRUE(run(network, {}, 1.0, 3).empty());
}

TEST_F(Cascade, ReachedSetIsDeterministicAndInsideTheBall) {
  const std::vector<std::uint32_t> audience = {5, 6, 7};
  std::vector<std::uint32_t> stamp_a(400, 0), stamp_b(400, 0);
  const auto a = independent_cascade(network, audience, 0.4, 3, streams, 8, 77, stamp_a);
  const auto b = independent_cascade(network, audience, 0.4, 3, streams, 8, 77, stamp_b);
  EXPECT_EQ(a, b);
  const auto limit = ball(graph, audience, 3);
  for (const auto v : a) EXPECT_TRUE(limit.count(v)) << v;
}

TEST_F(Cascade, NodesStampedByTheSamePostAreNotReachedAgain) {
  const std::vector<std::uint32_t> audience = {10, 11};
  std::vector<std::uint32_t> s(400, 0);
  const auto first = independent_cascade(network, audience, 1.0, 2, streams, 1, 5, s);
  EXPECT_FALSE(first.empty());
  EXPECT_TRUE(independent_cascade(network, audience, 1.0, 2, streams, 1, 5, s).empty());
  EXPECT_EQ(independent_cascade(network, audience, 1.0, 2, streams, 1, 6, s), first);  // a new post starts afresh
}

TEST_F(Cascade, OneHopOnAStarReachesEachLeafWithTheShareProbability) {
  const NodeId leaves = 200;
  std::vector<std::pair<NodeId, NodeId>> edges;
  for (NodeId v = 1; v <= leaves; ++v) edges.emplace_back(0, v);
  const FriendshipNetwork star(CsrGraph::from_edges(leaves + 1, edges));
  std::vector<std::uint32_t> s(leaves + 1, 0);
  const double p_share = 0.3;
  const int posts = 400;
  double reached_leaves = 0;
  for (int k = 1; k <= posts; ++k) {
    reached_leaves += static_cast<double>(
        independent_cascade(star, {0}, p_share, 1, streams, 0, static_cast<std::uint32_t>(k), s).size() - 1);
  }
  const double trials = static_cast<double>(posts) * leaves;
  EXPECT_NEAR(reached_leaves / trials, p_share, 5 * std::sqrt(p_share * (1 - p_share) / trials));
}

}  // namespace
}  // namespace rapport::models
