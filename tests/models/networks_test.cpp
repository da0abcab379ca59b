// Friendship network generators: the implicit small world gives exactly the friends of the
// documented rewiring, in id order; exact lattice without rewiring, the rewired share, the
// same graph for any thread count, mean degree as requested, the stochastic block model's
// within-practice share, memory within the estimate that refuses runs too large.
#include <gtest/gtest.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/networks/network.hpp"
#include "models/random_events.hpp"
#include "tests/models/scenario_helpers.hpp"

namespace rapport::models {
namespace {

using sim::CsrGraph;
using sim::NodeId;

template <class Graph>
double mean_degree(const Graph& g) {
  return 2.0 * static_cast<double>(g.n_edges()) / g.n_nodes();
}

// v's friends in the order the phases visit them.
template <class Graph>
std::vector<NodeId> friends_of(const Graph& g, NodeId v) {
  std::vector<NodeId> row;
  g.for_each_neighbor(v, [&](NodeId w) { row.push_back(w); });
  return row;
}

// The Watts-Strogatz edges as MODEL.md section 5 states them, drawn patient by patient on
// one thread: each owned ring edge, either kept or moved to its drawn new end.
EdgeList documented_watts_strogatz_edges(NodeId n, double mean_degree, double p, const sim::RandomStreams& streams) {
  auto k = static_cast<NodeId>(2 * std::lround(mean_degree / 2));
  if (n < 2) k = 0;
  while (k > 0 && k >= n) k -= 2;  // the largest even number below n
  const NodeId half = k / 2;
  const std::uint64_t outside = n > k ? n - k - 1 : 0;
  EdgeList edges;
  for (NodeId v = 0; v < n; ++v) {
    std::vector<bool> rewired(half, false);
    if (p > 0 && outside > 0) {
      sim::DrawSequence draws(streams, v, 0, event::kNetwork);
      const auto kept_before_next = [&] { return std::floor(std::log(draws.uniform()) / std::log1p(-p)); };
      for (double j = kept_before_next(); j < half; j += 1 + kept_before_next()) {
        const std::uint64_t word = draws();
        rewired[static_cast<std::size_t>(j)] = true;
        edges.emplace_back(v, static_cast<NodeId>((v + half + 1 + ((word * outside) >> 32)) % n));
      }
    }
    for (NodeId j = 0; j < half; ++j) {
      if (!rewired[j]) edges.emplace_back(v, static_cast<NodeId>((std::uint64_t{v} + 1 + j) % n));
    }
  }
  return edges;
}

struct SmallWorldCase {
  NodeId n;
  double mean_degree;
  double rewire_probability;
};

class ImplicitSmallWorld : public ::testing::TestWithParam<SmallWorldCase> {};

// Every patient's friends, in order, are those of the explicit graph of the documented edges:
// the wrap-around of the ring, no rewiring, all rewired, a neighbourhood of every other
// patient (nothing outside it to rewire to), tiny and empty networks, several chunks, and a
// network large enough that its rows come from an arena of huge pages.
TEST_P(ImplicitSmallWorld, FriendsAreThoseOfTheExplicitGraphOfTheDocumentedEdges) {
  const auto& c = GetParam();
  const sim::RandomStreams streams(17, 2);
  const auto implicit = watts_strogatz(c.n, c.mean_degree, c.rewire_probability, streams);
  const auto expected =
      CsrGraph::from_edges(c.n, documented_watts_strogatz_edges(c.n, c.mean_degree, c.rewire_probability, streams));
  ASSERT_EQ(implicit.n_nodes(), c.n);
  EXPECT_EQ(implicit.n_edges(), expected.n_edges());
  for (NodeId v = 0; v < c.n; ++v) {
    const auto row = expected.neighbors(v);
    ASSERT_EQ(friends_of(implicit, v), std::vector<NodeId>(row.begin(), row.end())) << "patient " << v;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Sizes, ImplicitSmallWorld,
    ::testing::Values(SmallWorldCase{0, 20, 0.1}, SmallWorldCase{1, 20, 0.1}, SmallWorldCase{2, 20, 0.5},
                      SmallWorldCase{3, 0, 0.5}, SmallWorldCase{5, 4, 1.0}, SmallWorldCase{8, 6, 0.5},
                      SmallWorldCase{10, 100, 0.7}, SmallWorldCase{101, 6, 0.0}, SmallWorldCase{1000, 10, 1.0},
                      SmallWorldCase{1000, 999, 0.3}, SmallWorldCase{9000, 40, 0.5},
                      SmallWorldCase{20000, 20, 0.1}, SmallWorldCase{300000, 8, 0.2}),
    [](const auto& test_info) {
      return "n" + std::to_string(test_info.param.n) + "_degree" +
             std::to_string(static_cast<int>(test_info.param.mean_degree)) + "_rewired" +
             std::to_string(static_cast<int>(100 * test_info.param.rewire_probability));
    });

// The point of the implicit form: at the default mean degree of 20 it holds a few bytes per
// patient, where explicit rows hold 88 (20 ids of 4 bytes, an 8-byte offset).
TEST(ImplicitSmallWorld, HoldsAFewBytesPerPatientAtTheDefaultDegree) {
  const sim::RandomStreams streams(3, 0);
  const NodeId n = 100000;
  const auto g = watts_strogatz(n, 20, 0.1, streams);
  EXPECT_LT(static_cast<double>(g.memory_bytes()) / n, 16.0);
}

TEST(WattsStrogatz, WithoutRewiringIsTheRingLatticeOfDegreeK) {
  const sim::RandomStreams streams(1, 0);
  const NodeId n = 101;
  const NodeId k = 6;
  const auto g = watts_strogatz(n, k, 0.0, streams);
  EXPECT_EQ(g.n_edges(), std::uint64_t{n} * k / 2);
  for (NodeId v = 0; v < n; ++v) {
    const auto row = friends_of(g, v);
    ASSERT_EQ(row.size(), k) << v;
    for (NodeId offset = 1; offset <= k / 2; ++offset) {
      EXPECT_TRUE(std::binary_search(row.begin(), row.end(), (v + offset) % n));
      EXPECT_TRUE(std::binary_search(row.begin(), row.end(), (v + n - offset) % n));
    }
  }
}

TEST(WattsStrogatz, OddMeanDegreeRoundsToAnEvenLattice) {
  const sim::RandomStreams streams(1, 0);
  const auto g = watts_strogatz(50, 4.2, 0.0, streams);
  for (NodeId v = 0; v < 50; ++v) EXPECT_EQ(friends_of(g, v).size(), 4u);
}

// Whether the ring edge from v to the patient `offset` places further on survives.
bool has_ring_edge(const SmallWorldGraph& g, NodeId v, NodeId offset) {
  const auto row = friends_of(g, v);
  return std::binary_search(row.begin(), row.end(), (v + offset) % g.n_nodes());
}

// Each owned ring edge is rewired with probability p, independently of its position j, to
// a patient outside the source's ring neighbourhood. So at every j about n p ring edges are
// missing; every other edge is long-range (ring distance above k/2); and only two rewired
// edges joining the same pair merge: about n p^2 (k/2)^2 / (n - k - 1) pairs, 1 here.
TEST(WattsStrogatz, RewiresEachRingEdgeWithTheRequestedProbability) {
  const sim::RandomStreams streams(5, 0);
  const NodeId n = 20000;
  const NodeId half = 5;
  const double p = 0.2;
  const auto g = watts_strogatz(n, 2 * half, p, streams);
  std::uint64_t ring_edges = 0;
  for (NodeId j = 0; j < half; ++j) {
    double missing = 0;
    for (NodeId v = 0; v < n; ++v) missing += !has_ring_edge(g, v, j + 1);
    ring_edges += n - static_cast<std::uint64_t>(missing);
    // Binomial(n, p): standard error of the share 0.0028; 5 of them.
    EXPECT_NEAR(missing / n, p, 0.014) << "owned edge " << j;
  }
  std::uint64_t long_range = 0;
  for (NodeId v = 0; v < n; ++v) {
    for (const auto w : friends_of(g, v)) {
      ASSERT_NE(w, v);
      long_range += std::min<NodeId>((v + n - w) % n, (w + n - v) % n) > half;
    }
  }
  EXPECT_EQ(ring_edges + long_range / 2, g.n_edges());
  const std::uint64_t owned = std::uint64_t{n} * half;
  EXPECT_NEAR(static_cast<double>(long_range / 2) / static_cast<double>(owned), p, 0.0063);  // 5 standard errors
  EXPECT_LE(g.n_edges(), owned);
  EXPECT_GE(g.n_edges() + 10, owned);  // merged pairs: Poisson of mean 1
}

TEST(WattsStrogatz, RewiringProbabilityOneLeavesNoRingEdge) {
  const sim::RandomStreams streams(2, 0);
  const NodeId n = 5000;
  const auto g = watts_strogatz(n, 8, 1.0, streams);
  for (NodeId v = 0; v < n; ++v) {
    for (NodeId offset = 1; offset <= 4; ++offset) ASSERT_FALSE(has_ring_edge(g, v, offset)) << v;
  }
  EXPECT_NEAR(mean_degree(g), 8.0, 0.01);
}

// Friends of a valid graph: in increasing id, no self-loops or duplicates, every edge seen
// from both ends.
void expect_symmetric_sorted_rows(const SmallWorldGraph& g) {
  std::uint64_t degree_sum = 0;
  for (NodeId v = 0; v < g.n_nodes(); ++v) {
    const auto row = friends_of(g, v);
    degree_sum += row.size();
    ASSERT_TRUE(std::adjacent_find(row.begin(), row.end(), std::greater_equal<>()) == row.end()) << v;
    for (const auto w : row) {
      ASSERT_NE(w, v);
      const auto back = friends_of(g, w);
      ASSERT_TRUE(std::binary_search(back.begin(), back.end(), v)) << v << "-" << w;
    }
  }
  EXPECT_EQ(degree_sum, 2 * g.n_edges());
}

// Patients are generated in parallel from their own streams and each row of rewired friends
// is sorted: the same graph for any number of threads.
TEST(WattsStrogatz, SameGraphOnOneTwoAndFourThreads) {
  const sim::RandomStreams streams(9, 3);
  const auto on = [&](int threads) {
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    tbb::task_arena arena(threads);
    return arena.execute([&] { return watts_strogatz(50000, 12, 0.3, streams); });
  };
  const auto one = on(1);
  expect_symmetric_sorted_rows(one);
  for (const int threads : {2, 4}) {
    const auto other = on(threads);
    ASSERT_EQ(one.n_edges(), other.n_edges()) << threads;
    for (NodeId v = 0; v < one.n_nodes(); ++v) {
      ASSERT_EQ(friends_of(one, v), friends_of(other, v)) << threads << " threads, row " << v;
    }
  }
}

struct GeneratorCase {
  const char* type;
  double mean_degree;
  double tolerance;  // relative
};

class Generators : public ::testing::TestWithParam<GeneratorCase> {};

TEST_P(Generators, MeanDegreeIsCloseToTheRequestedValue) {
  const auto& c = GetParam();
  const auto p = test::make_parameters({{"network.type", std::string("\"") + c.type + "\""},
                                        {"network.mean_degree", std::to_string(c.mean_degree)},
                                        {"population.physicians", "10"},
                                        {"population.patients_per_physician", "300"}});
  const sim::RandomStreams streams(7, 0);
  std::vector<std::uint32_t> panels;
  for (std::uint32_t b = 0; b <= 10; ++b) panels.push_back(300 * b);
  const auto g = build_friendship_network(p, panels, streams);
  EXPECT_EQ(g.n_nodes(), 3000u);
  EXPECT_NEAR(mean_degree(g), c.mean_degree, c.tolerance * c.mean_degree) << c.type;
  // Same streams, same graph.
  const auto again = build_friendship_network(p, panels, streams);
  ASSERT_EQ(again.n_edges(), g.n_edges());
  for (NodeId v = 0; v < g.n_nodes(); ++v) ASSERT_EQ(friends_of(g, v), friends_of(again, v));
}

INSTANTIATE_TEST_SUITE_P(AllTypes, Generators,
                         ::testing::Values(GeneratorCase{"watts_strogatz", 10, 0.02},
                                           GeneratorCase{"barabasi_albert", 10, 0.05},
                                           GeneratorCase{"stochastic_block", 10, 0.03},
                                           GeneratorCase{"stochastic_block", 30, 0.03}),
                         [](const auto& test_info) {
                           return std::string(test_info.param.type) + "_" +
                                  std::to_string(static_cast<int>(test_info.param.mean_degree));
                         });

TEST(StochasticBlock, WithinPracticeShareIsCloseToTheRequestedShare) {
  for (const double share : {0.3, 0.8}) {
    const sim::RandomStreams streams(11, 0);
    sim::DrawSequence draws(streams, 0, 0, event::kNetwork);
    std::vector<std::uint32_t> blocks;
    for (std::uint32_t b = 0; b <= 20; ++b) blocks.push_back(200 * b);
    const auto g = CsrGraph::from_edges(4000, stochastic_block_edges(blocks, 12, share, draws));
    double within = 0, total = 0;
    for (NodeId v = 0; v < g.n_nodes(); ++v) {
      for (const auto w : g.neighbors(v)) {
        within += (v / 200 == w / 200);
        total += 1;
      }
    }
    EXPECT_NEAR(within / total, share, 0.02) << "share " << share;
    EXPECT_NEAR(mean_degree(g), 12.0, 0.3);
  }
}

TEST(BarabasiAlbert, HasHeavyTailedHubs) {
  const sim::RandomStreams streams(3, 0);
  sim::DrawSequence draws(streams, 0, 0, event::kNetwork);
  const auto g = CsrGraph::from_edges(3000, barabasi_albert_edges(3000, 6, draws));
  std::size_t max_degree = 0;
  for (NodeId v = 0; v < g.n_nodes(); ++v) max_degree = std::max(max_degree, g.degree(v));
  EXPECT_GT(max_degree, 10 * 6u);  // a ring lattice or G(n,p) of mean 6 would stay far below this
}

TEST(Networks, ZeroMeanDegreeGivesNoEdges) {
  const sim::RandomStreams streams(1, 0);
  for (const char* type : {"\"watts_strogatz\"", "\"stochastic_block\""}) {
    const auto q = test::make_parameters({{"network.mean_degree", "0"}, {"network.type", type}});
    EXPECT_EQ(build_friendship_network(q, {0, 50, 100}, streams).n_edges(), 0u) << type;
  }
}

TEST(NetworkTable, EveryGeneratorIsAChoiceOfNetworkTypeAndBuildsItsNetwork) {
  const auto& schema = parameter_schema();
  const auto spec = std::find_if(schema.parameters.begin(), schema.parameters.end(),
                                 [](const auto& p) { return p.key == "network.type"; });
  ASSERT_NE(spec, schema.parameters.end());
  ASSERT_EQ(spec->choices.size(), network_table().size());
  const sim::RandomStreams streams(4, 0);
  for (std::size_t k = 0; k < network_table().size(); ++k) {
    const auto& generator = network_table()[k];
    SCOPED_TRACE(std::string(generator.name));
    EXPECT_EQ(spec->choices[k], generator.name);
    EXPECT_EQ(find_network(generator.name), static_cast<NetworkType>(k));
    EXPECT_FALSE(generator.description.empty());
    EXPECT_EQ(generator.parameters.rfind("network.mean_degree", 0), 0u);
    const auto p = test::make_parameters({{"network.type", "\"" + std::string(generator.name) + "\""}});
    EXPECT_EQ(p.network.type, static_cast<NetworkType>(k));
    const auto g = build_friendship_network(p, {0, 300, 600}, streams);
    EXPECT_NEAR(mean_degree(g), p.network.mean_degree, 0.15 * p.network.mean_degree);
  }
  EXPECT_EQ(find_network("erdos_renyi"), std::nullopt);
}

// The estimate that refuses runs too large before allocating holds at least what each built
// network keeps (the build's transient arrays come on top), and follows the mean degree.
TEST(NetworkTable, PeakBytesPerPatientBoundWhatTheBuiltNetworkHolds) {
  const sim::RandomStreams streams(6, 0);
  std::vector<std::uint32_t> panels;
  for (std::uint32_t b = 0; b <= 10; ++b) panels.push_back(300 * b);
  for (const auto& generator : network_table()) {
    for (const int degree : {4, 20, 100}) {
      SCOPED_TRACE(std::string(generator.name) + ", mean degree " + std::to_string(degree));
      const auto p = test::make_parameters({{"network.type", "\"" + std::string(generator.name) + "\""},
                                            {"network.mean_degree", std::to_string(degree)}});
      const double estimate = friendship_network_bytes_per_patient(p);
      EXPECT_EQ(estimate, generator.peak_bytes_per_patient(p));
      const double held = static_cast<double>(build_friendship_network(p, panels, streams).memory_bytes()) / 3000;
      EXPECT_LE(held, 1.05 * estimate);
      EXPECT_GE(held, estimate / 2.5);
    }
  }
}

// Runs that ask for the network of the same parameters, panels, seed and replicate (a sweep's
// points) share one build; any difference in what a network is built from builds another,
// equal to what build_friendship_network gives.
TEST(SharedNetworks, RunsAskingForTheSameNetworkShareOneBuild) {
  const std::vector<std::uint32_t> panels = {0, 400, 900};
  const auto p = test::make_parameters();
  const auto first = shared_friendship_network(p, panels, sim::RandomStreams(21, 0));
  EXPECT_EQ(shared_friendship_network(p, panels, sim::RandomStreams(21, 0)), first);
  auto other_degree = p;
  other_degree.network.mean_degree = 10;
  auto other_rewiring = p;
  other_rewiring.network.rewire_probability = 0.3;
  const std::vector<std::shared_ptr<const FriendshipNetwork>> others = {
      shared_friendship_network(p, panels, sim::RandomStreams(21, 1)),
      shared_friendship_network(p, panels, sim::RandomStreams(22, 0)),
      shared_friendship_network(p, {0, 500, 901}, sim::RandomStreams(21, 0)),
      shared_friendship_network(other_degree, panels, sim::RandomStreams(21, 0)),
      shared_friendship_network(other_rewiring, panels, sim::RandomStreams(21, 0)),
  };
  for (const auto& other : others) EXPECT_NE(other, first);
  const auto built = build_friendship_network(p, panels, sim::RandomStreams(21, 0));
  ASSERT_EQ(built.n_edges(), first->n_edges());
  for (sim::NodeId v = 0; v < 900; ++v) EXPECT_EQ(friends_of(built, v), friends_of(*first, v)) << v;
}

}  // namespace
}  // namespace rapport::models
