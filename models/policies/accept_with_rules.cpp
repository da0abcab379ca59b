// accept_with_rules: accept every request, under content rules (the essay's "strict
// guidelines regarding which types of content are appropriate"): no identifiable patient
// content, a share of personal posts kept professional, and clinical questions sent on
// the personal channel redirected to the portal. The rules' strengths are the rules.*
// parameters.
#include "models/policies/policy.hpp"

namespace rapport::models::policies {

const PolicyDefinition accept_with_rules{
    .name = "accept_with_rules",
    .rank = 8,
    .summary = "accept every friend request under content rules: no identifiable patient content, professional "
               "posts, clinical questions redirected to the portal",
    .respond = [](const RequestContext&) { return Response::kAccept; },
    .keeps_content_rules = true,
};

}  // namespace rapport::models::policies
