// open_page: a professional page open to the whole panel, not only to patients who ask:
// requests are pointed to it as under professional_page, and the physician's patients who
// use social media find and follow it on their own (open_page.follow_per_year). Its
// upkeep is the physician's own time (open_page.upkeep_minutes_per_week).
#include "models/policies/policy.hpp"

namespace rapport::models::policies {

const PolicyDefinition open_page{
    .name = "open_page",
    .rank = 9,
    .summary = "keep a public professional page open to the whole panel and point requests to it (public-health "
               "posts, weekly upkeep after hours)",
    .respond = [](const RequestContext&) { return Response::kRedirectPage; },
    .posts_on_page = true,
    .page_open_to_panel = true,
};

}  // namespace rapport::models::policies
