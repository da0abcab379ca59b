// decline_explained: refuse every request and explain why (the BMA's wording), whatever
// the scenario's policy.disclosed says.
#include "models/policies/policy.hpp"

namespace rapport::models::policies {

const PolicyDefinition decline_explained{
    .name = "decline_explained",
    .rank = 6,
    .summary = "decline every friend request and explain why (BMA guidance), whatever policy.disclosed says",
    .respond = [](const RequestContext&) { return Response::kDecline; },
    .decline_explanation = DeclineExplanation::kExplained,
};

}  // namespace rapport::models::policies
