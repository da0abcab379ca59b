// decline_all: refuse every request (the ACP-FSMB and BMA position).
#include "models/policies/policy.hpp"

namespace rapport::models {

Response respond_decline_all(const RequestContext& /*request*/) { return Response::kDecline; }

}  // namespace rapport::models
