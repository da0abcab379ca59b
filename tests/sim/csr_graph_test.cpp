// CsrGraph::from_edges: the frozen form every traversal relies on.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "sim/csr_graph.hpp"

namespace rapport::sim {
namespace {

std::vector<NodeId> row(const CsrGraph& g, NodeId v) {
  const auto span = g.neighbors(v);
  return {span.begin(), span.end()};
}

TEST(CsrGraph, DropsSelfLoopsAndDuplicateEdges) {
  const auto g = CsrGraph::from_edges(5, {{0, 1}, {1, 0}, {0, 1}, {2, 2}, {3, 4}, {4, 3}, {1, 3}, {4, 4}});
  EXPECT_EQ(g.n_nodes(), 5u);
  EXPECT_EQ(g.n_edges(), 3u);
  EXPECT_EQ(row(g, 0), (std::vector<NodeId>{1}));
  EXPECT_EQ(row(g, 1), (std::vector<NodeId>{0, 3}));
  EXPECT_TRUE(row(g, 2).empty());
  EXPECT_EQ(row(g, 3), (std::vector<NodeId>{1, 4}));
  EXPECT_EQ(row(g, 4), (std::vector<NodeId>{3}));
  EXPECT_EQ(g.degree(2), 0u);
  EXPECT_EQ(g.degree(1), 2u);
}

TEST(CsrGraph, RandomEdgeListGivesSymmetricSortedRowsMatchingTheEdgeSet) {
  std::mt19937 rng(4);
  const NodeId n = 300;
  std::uniform_int_distribution<NodeId> node(0, n - 1);
  std::vector<std::pair<NodeId, NodeId>> edges;
  std::set<std::pair<NodeId, NodeId>> expected;  // (min, max), no self-loops
  for (int e = 0; e < 3000; ++e) {
    const NodeId a = node(rng), b = node(rng);
    edges.emplace_back(a, b);
    if (a != b) expected.emplace(std::min(a, b), std::max(a, b));
  }
  const auto g = CsrGraph::from_edges(n, edges);
  EXPECT_EQ(g.n_edges(), expected.size());
  std::set<std::pair<NodeId, NodeId>> seen;
  std::size_t degree_sum = 0;
  for (NodeId v = 0; v < n; ++v) {
    const auto r = row(g, v);
    degree_sum += r.size();
    EXPECT_TRUE(std::is_sorted(r.begin(), r.end()));
    EXPECT_EQ(std::adjacent_find(r.begin(), r.end()), r.end()) << "duplicate neighbour of " << v;
    for (const NodeId w : r) {
      ASSERT_NE(w, v);
      const auto back = row(g, w);
      EXPECT_TRUE(std::binary_search(back.begin(), back.end(), v)) << v << "-" << w << " not symmetric";
      seen.emplace(std::min(v, w), std::max(v, w));
    }
  }
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(degree_sum, 2 * expected.size());
}

TEST(CsrGraph, EdgelessGraphHasIsolatedNodes) {
  const auto g = CsrGraph::from_edges(4, {});
  EXPECT_EQ(g.n_nodes(), 4u);
  EXPECT_EQ(g.n_edges(), 0u);
  for (NodeId v = 0; v < 4; ++v) EXPECT_EQ(g.degree(v), 0u);
  EXPECT_EQ(CsrGraph{}.n_nodes(), 0u);
}

}  // namespace
}  // namespace rapport::sim
