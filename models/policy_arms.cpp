#include "models/policy_arms.hpp"

#include <limits>

#include "models/world.hpp"

namespace rapport::models {

void collect_arms(const World& world, std::uint32_t day, sim::DailySeries& arms) {
  constexpr std::size_t kStats = kArmSeries.size();
  std::array<double, kArmSeriesRows> sums{};
  const auto& doctors = world.physicians;
  for (std::size_t d = 0; d < doctors.size(); ++d) {
    const auto& today = doctors.today[d];
    double* arm = &sums[static_cast<std::size_t>(doctors.policy[d]) * kStats];
    arm[0] += world.panel_end(d) - doctors.panel_begin[d];
    arm[1] += 1;
    arm[2] += today[metric("trust_mean")];  // the panel's sum of trust
    arm[3] += today[metric("adherence_mean")];
    arm[4] += today[metric("messages_personal")] + today[metric("messages_portal")];
    arm[5] += today[metric("physician_minutes_mean")];
    arm[6] += today[metric("breaches_personal")] + today[metric("breaches_portal")];
  }
  const auto mean = [](double sum, double n) { return n > 0 ? sum / n : std::numeric_limits<double>::quiet_NaN(); };
  for (std::size_t policy = 0; policy < kPolicyCount; ++policy) {
    double* arm = &sums[policy * kStats];
    arm[2] = mean(arm[2], arm[0]);
    arm[3] = mean(arm[3], arm[0]);
    arm[5] = mean(arm[5], arm[1]);
    for (std::size_t k = 0; k < kStats; ++k) arms.at(policy * kStats + k, day) = arm[k];
  }
}

}  // namespace rapport::models
