#include "models/networks/network.hpp"
#include "models/random_events.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <list>
#include <mutex>

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

namespace {

// Everything a network is built from.
struct NetworkKey {
  Parameters::Network network;
  std::vector<std::uint32_t> panel_begin;
  std::uint64_t seed;
  std::uint32_t replicate;
  bool operator==(const NetworkKey&) const = default;
};

// The networks built last, most recently used first, within kSharedNetworkBytes.
class SharedNetworks {
 public:
  std::shared_ptr<const FriendshipNetwork> find(const NetworkKey& key) {
    const std::lock_guard lock(mutex_);
    const auto it = entry_of(key);
    if (it == entries_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, it);
    return it->network;
  }

  void keep(NetworkKey key, std::shared_ptr<const FriendshipNetwork> network) {
    const std::size_t bytes = network->memory_bytes();
    if (bytes > kSharedNetworkBytes) return;
    const std::lock_guard lock(mutex_);
    // Two runs may have built the same network at once; one copy is enough.
    if (entry_of(key) != entries_.end()) return;
    entries_.push_front({std::move(key), std::move(network), bytes});
    bytes_ += bytes;
    while (bytes_ > kSharedNetworkBytes) {
      bytes_ -= entries_.back().bytes;
      entries_.pop_back();
    }
  }

 private:
  struct Entry {
    NetworkKey key;
    std::shared_ptr<const FriendshipNetwork> network;
    std::size_t bytes;
  };
  // The entry of key, or end(); the caller holds the lock.
  std::list<Entry>::iterator entry_of(const NetworkKey& key) {
    return std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.key == key; });
  }
  std::mutex mutex_;
  std::list<Entry> entries_;
  std::size_t bytes_ = 0;
};

}  // namespace

std::shared_ptr<const FriendshipNetwork> shared_friendship_network(const Parameters& params,
                                                                   const std::vector<std::uint32_t>& panel_begin,
                                                                   const sim::RandomStreams& streams) {
  static SharedNetworks shared;
  NetworkKey key{params.network, panel_begin, streams.seed(), streams.replicate()};
  if (auto network = shared.find(key)) return network;
  // Built outside the lock: other runs go on meanwhile.
  auto network = std::make_shared<const FriendshipNetwork>(build_friendship_network(params, panel_begin, streams));
  shared.keep(std::move(key), network);
  return network;
}

double friendship_network_bytes_per_patient(const Parameters& params) {
  return kGenerators[static_cast<std::size_t>(params.network.type)].peak_bytes_per_patient(params);
}

}  // namespace rapport::models
