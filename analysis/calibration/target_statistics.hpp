// Summary statistics a calibration target can name, computed from the runs of one
// parameter point (all replicates pooled). Definitions: docs/CALIBRATION.md.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "models/model.hpp"

namespace rapport::analysis::calibration {

struct TargetStatistic {
  enum class Kind {
    kShareFindableRequestedPerYear,   // share_findable_physicians_requested_per_year
    kRequestsPerFindablePerYear,      // requests_per_findable_physician_per_year
    kPortalMessagesPerEnrolledYear,   // portal_messages_per_enrolled_patient_per_year
    kShareRequestsAccepted,           // share_requests_accepted
    kMetricFinal,                     // <metric>_final (level and cumulative metrics)
    kMetricTotal,                     // <metric>_total (daily counts)
  };
  Kind kind = Kind::kShareFindableRequestedPerYear;
  models::MetricId metric{};  // for kMetricFinal and kMetricTotal
};

// The statistic a name denotes, or nothing for an unknown name.
std::optional<TargetStatistic> find_target_statistic(const std::string& name);
// Every valid name, for messages and documentation.
std::vector<std::string> target_statistic_names();

// The statistic over the runs of one point (replicates pooled, or averaged for
// metric statistics). NaN when undefined, e.g. no findable physician.
double evaluate(const TargetStatistic& statistic, std::span<const models::RunResult> runs);

}  // namespace rapport::analysis::calibration
