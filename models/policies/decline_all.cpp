// decline_all: refuse every request (the ACP-FSMB and BMA position).
#include "models/policies/policy.hpp"

namespace rapport::models::policies {

const PolicyDefinition decline_all{
    .name = "decline_all",
    .rank = 1,
    .summary = "decline every friend request (ACP-FSMB, BMA guidance)",
    .respond = [](const RequestContext&) { return Response::kDecline; },
};

}  // namespace rapport::models::policies
