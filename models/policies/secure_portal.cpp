// secure_portal: point the patient to the secure patient portal for clinical questions.
#include "models/policies/policy.hpp"

namespace rapport::models::policies {

const PolicyDefinition secure_portal{
    .name = "secure_portal",
    .rank = 4,
    .summary = "redirect to the secure patient portal for clinical messages",
    .respond = [](const RequestContext&) { return Response::kRedirectPortal; },
};

}  // namespace rapport::models::policies
