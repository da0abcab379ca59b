// Independent cascade over the friendship network, bounded in hops.
#pragma once

#include "models/networks/friendship_network.hpp"
#include "sim/random.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace rapport::models {

// Returns every node reached: the direct audience (hop 0) and each friend a
// reached node shares with (probability p_share per friendship, at most
// max_hops shares from the audience). `stamp` marks nodes already reached by
// post `serial`; each post draws from its own stream family.
std::vector<std::uint32_t> independent_cascade(const FriendshipNetwork& network, const std::vector<std::uint32_t>& audience,
                                               double p_share, int max_hops, const sim::RandomStreams& streams,
                                               std::uint32_t day, std::uint32_t serial,
                                               std::span<std::uint32_t> stamp);

}  // namespace rapport::models
