#include "models/guideline.hpp"

#include <cmath>

#include "models/calendar.hpp"
#include "models/random_events.hpp"

namespace rapport::models {

GuidelineState initial_guideline(const Parameters& p, const sim::RandomStreams& streams) {
  GuidelineState state;
  if (!p.guideline.policy) return state;
  const auto n = static_cast<std::uint32_t>(p.population.physicians);
  const auto practice_size = static_cast<std::uint32_t>(p.guideline.practice_size);
  // Edges between practices: endpoints uniform over physicians, one counter per edge;
  // a pair inside one practice is already tied and is dropped.
  const auto between_edges = static_cast<std::uint32_t>(std::llround(n * p.guideline.ties_between / 2.0));
  state.ties = sim::CsrGraph::from_generator(n, [&](const sim::CsrGraph::EdgeSink& sink) {
    for (std::uint32_t first = 0; first < n; first += practice_size) {
      const std::uint32_t last = std::min(n, first + practice_size);
      for (std::uint32_t a = first; a < last; ++a) {
        for (std::uint32_t b = a + 1; b < last; ++b) sink(a, b);
      }
    }
    for (std::uint32_t edge = 0; edge < between_edges; ++edge) {
      const auto u = streams.block(edge, 0, event::kGuidelineNetwork);
      const auto a = static_cast<std::uint32_t>(sim::RandomStreams::to_unit(u[0]) * n);
      const auto b = static_cast<std::uint32_t>(sim::RandomStreams::to_unit(u[1]) * n);
      if (a / practice_size != b / practice_size) sink(a, b);
    }
  });
  state.status.resize(n);
  for (std::uint32_t d = 0; d < n; ++d) {
    const bool never = streams.uniform(d, 0, event::kGuidelineAdoption, 1) < p.guideline.never_share;
    state.status[d] = never ? Adoption::kNever : Adoption::kNotYet;
  }
  return state;
}

void adopt_guideline(World& world, std::uint32_t day) {
  const Parameters& p = *world.params;
  if (!p.guideline.policy || day < static_cast<std::uint64_t>(p.guideline.delay_days)) return;
  auto& status = world.guideline.status;
  const auto& ties = world.guideline.ties;
  std::vector<std::uint32_t> adopting;
  for (std::uint32_t d = 0; d < status.size(); ++d) {
    if (status[d] != Adoption::kNotYet) continue;
    std::size_t adopted = 0;
    for (const auto tie : ties.neighbors(d)) adopted += status[tie] == Adoption::kAdopted;
    const std::size_t degree = ties.degree(d);
    const double share = degree == 0 ? 0.0 : static_cast<double>(adopted) / static_cast<double>(degree);
    const double hazard = (p.guideline.p_external + p.guideline.q_imitation * share) / kDaysPerYear;
    if (world.streams.uniform(d, day, event::kGuidelineAdoption) < sim::daily_probability(hazard)) {
      adopting.push_back(d);
    }
  }
  for (const auto d : adopting) {
    status[d] = Adoption::kAdopted;
    world.physicians.policy[d] = *p.guideline.policy;
  }
}

double bass_adopter_share(double p, double q, double never_share, double years) {
  const double market = 1.0 - never_share;
  const double decay = std::exp(-(p + q * market) * years);
  if (p == 0) return 0.0;
  return market * (1.0 - decay) / (1.0 + q * market / p * decay);
}

}  // namespace rapport::models
