// professional_page: point the patient to a public professional page (no private messages there).
#include "models/policies/policy.hpp"

namespace rapport::models::policies {

const PolicyDefinition professional_page{
    .name = "professional_page",
    .rank = 3,
    .summary = "redirect to a public professional page (public-health posts, no private messages, weekly upkeep after "
               "hours)",
    .respond = [](const RequestContext&) { return Response::kRedirectPage; },
    .posts_on_page = true,
};

}  // namespace rapport::models::policies
