// secure_portal: point the patient to the secure patient portal for clinical questions.
#include "models/policies/policy.hpp"

namespace rapport::models {

Response respond_secure_portal(const RequestContext& /*request*/) { return Response::kRedirectPortal; }

}  // namespace rapport::models
