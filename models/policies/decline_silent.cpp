// decline_silent: refuse every request without a word of explanation, whatever the
// scenario's policy.disclosed says.
#include "models/policies/policy.hpp"

namespace rapport::models::policies {

const PolicyDefinition decline_silent{
    .name = "decline_silent",
    .rank = 7,
    .summary = "decline every friend request without explaining it, whatever policy.disclosed says",
    .respond = [](const RequestContext&) { return Response::kDecline; },
    .decline_explanation = DeclineExplanation::kSilent,
};

}  // namespace rapport::models::policies
