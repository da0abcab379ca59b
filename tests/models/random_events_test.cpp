// The model's stream identifiers are pinned: renumbering one would change every result
// that uses it, and two events sharing a number would draw the same uniforms.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <set>

#include "models/random_events.hpp"

namespace rapport::models {
namespace {

struct PinnedEvent {
  sim::Event event;
  std::uint16_t number;
};

// Every model event with the number it was first given (13 and 14 are sim's kDesign and kBootstrap).
constexpr std::array<PinnedEvent, 23> kModelEvents = {{
    {event::kPopulation, 1},     {event::kNetwork, 2},           {event::kPolicyAssignment, 3},
    {event::kVisit, 4},          {event::kFriendRequest, 5},     {event::kResponse, 6},
    {event::kMessage, 7},        {event::kPost, 8},              {event::kCascade, 9},
    {event::kBreach, 10},        {event::kBreachSpread, 11},     {event::kBoundaryIncident, 12},
    {event::kCalendarTrend, 15}, {event::kPatientExit, 16},      {event::kPatientArrival, 17},
    {event::kPhysicianExit, 18}, {event::kPhysicianArrival, 19}, {event::kGuidelineNetwork, 20},
    {event::kGuidelineAdoption, 21}, {event::kMisinformation, 22},    {event::kCorrection, 23},
    {event::kPageFollow, 24},    {event::kPrivacyViolation, 25},
}};

TEST(RandomEvents, IdentifiersAreFixedNumbers) {
  for (const auto& [event, number] : kModelEvents) EXPECT_EQ(static_cast<std::uint16_t>(event), number);
}

TEST(RandomEvents, EveryStreamHasItsOwnNumber) {
  std::set<std::uint16_t> numbers;
  for (const auto& pinned : kModelEvents) numbers.insert(static_cast<std::uint16_t>(pinned.event));
  for (const auto e : {sim::Event::kDesign, sim::Event::kBootstrap, sim::Event::kCalibration, sim::Event::kDecision}) {
    numbers.insert(static_cast<std::uint16_t>(e));
  }
  EXPECT_EQ(numbers.size(), kModelEvents.size() + 4);
}

TEST(RandomEvents, DrawsArePinned) {
  // Blocks of (seed 20261129, replicate 3, agent 1234, day 56, index 7) as first drawn;
  // a change here changes every result that uses the stream.
  const sim::RandomStreams streams(20261129, 3);
  using Block = sim::RandomStreams::Block;
  EXPECT_EQ(streams.block(1234, 56, event::kPopulation, 7), (Block{2551869137u, 1580966257u, 3757559149u, 375408316u}));
  EXPECT_EQ(streams.block(1234, 56, event::kVisit, 7), (Block{1737413877u, 1527548303u, 4122329711u, 654016435u}));
  EXPECT_EQ(streams.block(1234, 56, event::kMessage, 7), (Block{613465935u, 976874259u, 1528539411u, 3292101140u}));
  EXPECT_EQ(streams.block(1234, 56, event::kBoundaryIncident, 7),
            (Block{4164080869u, 3062560355u, 972295713u, 3832942186u}));
  EXPECT_EQ(streams.block(1234, 56, sim::Event::kDesign, 7), (Block{38565876u, 2089391143u, 3138033797u, 3707589681u}));
  EXPECT_EQ(streams.block(1234, 56, sim::Event::kBootstrap, 7),
            (Block{2482383016u, 2741423060u, 3250303395u, 869207115u}));
  EXPECT_EQ(streams.block(1234, 56, sim::Event::kCalibration, 7),
            (Block{1990648390u, 1627993617u, 1724764863u, 2668952584u}));
}

}  // namespace
}  // namespace rapport::models
