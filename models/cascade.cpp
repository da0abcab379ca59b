#include "models/cascade.hpp"
#include "models/random_events.hpp"

namespace rapport::models {

std::vector<std::uint32_t> independent_cascade(const FriendshipNetwork& network, const std::vector<std::uint32_t>& audience,
                                               double p_share, int max_hops, const sim::RandomStreams& streams,
                                               std::uint32_t day, std::uint32_t serial,
                                               std::span<std::uint32_t> stamp) {
  std::vector<std::uint32_t> reached;
  for (const auto i : audience) {
    if (stamp[i] == serial) continue;
    stamp[i] = serial;
    reached.push_back(i);
  }
  if (p_share <= 0.0) return reached;
  // A distinct key per post, so two posts reaching the same patient on one day draw independently.
  const sim::RandomStreams post_streams(streams.seed() + 0x9E3779B97F4A7C15ull * serial, streams.replicate());
  std::size_t frontier_begin = 0;
  for (int hop = 0; hop < max_hops; ++hop) {
    const std::size_t frontier_end = reached.size();
    for (std::size_t k = frontier_begin; k < frontier_end; ++k) {
      const auto node = reached[k];
      sim::DrawSequence draws(post_streams, node, day, event::kCascade);
      network.for_each_neighbor(node, [&](std::uint32_t friend_id) {
        if (draws.uniform() >= p_share || stamp[friend_id] == serial) return;
        stamp[friend_id] = serial;
        reached.push_back(friend_id);
      });
    }
    frontier_begin = frontier_end;
  }
  return reached;
}

}  // namespace rapport::models
