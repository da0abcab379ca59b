// Guideline adoption among physicians: a network of practices (all colleagues of a
// practice tied, plus random ties between practices) and a Bass-type process. From its
// publication day, a physician who has not adopted does so with the daily probability
// 1 - exp(-(p + q * share of its ties who adopted) / 365); adopters switch to the
// guideline's policy and keep their existing links (docs/MODEL.md, "Guideline adoption").
#pragma once

#include "models/world.hpp"

namespace rapport::models {

// The physician network and who never adopts; empty when no guideline is set.
GuidelineState initial_guideline(const Parameters& p, const sim::RandomStreams& streams);

// One day of adoption (a no-op before publication or without a guideline). Decisions
// use the adopters at the start of the day, so the order of physicians does not matter.
void adopt_guideline(World& world, std::uint32_t day);

// Share of adopters t years after publication in the well-mixed limit, where every
// physician's share of adopting ties equals the population share F:
// dF/dt = (p + q F)(M - F), F(0) = 0, M = 1 - never_share (closed form in MODEL.md).
double bass_adopter_share(double p, double q, double never_share, double years);

}  // namespace rapport::models
