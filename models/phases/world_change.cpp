// Phase 0, a world that changes: at the start of each day, the calendar year's trends,
// turnover of patients and physicians, and guideline adoption among physicians. Each is
// a no-op when its parameters leave it off, so a model without them is unchanged.
#include "models/calendar.hpp"
#include "models/guideline.hpp"
#include "models/phases/phases.hpp"
#include "models/turnover.hpp"

namespace rapport::models {
namespace {

class CalendarTrendsPhase final : public DayPhase {
 public:
  std::string_view name() const override { return "calendar_trends"; }
  std::string_view summary() const override {
    return "on each new calendar year, patients' wish for a link follows the year's share";
  }
  void step(World& world, std::uint32_t day) const override { advance_calendar_year(world, day); }
};

class TurnoverPhase final : public DayPhase {
 public:
  std::string_view name() const override { return "turnover"; }
  std::string_view summary() const override {
    return "physicians and patients leave; newcomers of the current year take their places";
  }
  void step(World& world, std::uint32_t day) const override {
    physician_turnover(world, day);
    patient_turnover(world, day);
  }
};

class GuidelineAdoptionPhase final : public DayPhase {
 public:
  std::string_view name() const override { return "guideline_adoption"; }
  std::string_view summary() const override {
    return "physicians adopt a published guideline (Bass: external rate plus imitation of their ties)";
  }
  void step(World& world, std::uint32_t day) const override { adopt_guideline(world, day); }
};

}  // namespace

std::unique_ptr<DayPhase> make_calendar_trends_phase() { return std::make_unique<CalendarTrendsPhase>(); }
std::unique_ptr<DayPhase> make_turnover_phase() { return std::make_unique<TurnoverPhase>(); }
std::unique_ptr<DayPhase> make_guideline_adoption_phase() { return std::make_unique<GuidelineAdoptionPhase>(); }

}  // namespace rapport::models
