// Runs every (base scenario, design point, replicate) of a sweep in parallel with TBB
// (each run is parallel inside too) and collects the per-replicate outcome statistics.
// Every point runs with the sweep's seed, so replicate r shares its random streams
// across points and bases (common random numbers). Deterministic for any thread count.
#pragma once

#include <functional>

#include "analysis/sensitivity/sweep_data.hpp"
#include "analysis/sweeps/sweep_file.hpp"

namespace rapport::analysis {

// The design in parameter values, each value rounded as it will be simulated.
sim::Matrix design_values(const SweepSpec& spec, const UnitDesign& design);

// Resolves every point first (so a point that breaks a model constraint, e.g. shares that
// no longer sum to 1, stops the sweep before anything runs; sim::ConfigError names the point),
// then runs them. on_day is called after every simulated day of every run (progress, stop).
SweepData run_sweep(const SweepSpec& spec, const std::function<void()>& on_day = {});

// Simulated days of the whole sweep, for a progress bar.
std::uint64_t sweep_days(const SweepSpec& spec);

}  // namespace rapport::analysis
