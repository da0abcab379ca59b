// selective: accept long, high-trust relationships case by case; otherwise redirect to the portal.
#include "models/policies/policy.hpp"

namespace rapport::models::policies {

const PolicyDefinition selective{
    .name = "selective",
    .rank = 5,
    .summary = "accept long, high-trust relationships; redirect everyone else to the portal",
    .respond =
        [](const RequestContext& request) {
          const bool established = request.relationship_days >= request.selective_min_relationship_days &&
                                   request.trust >= request.selective_min_trust;
          return established ? Response::kAccept : Response::kRedirectPortal;
        },
};

}  // namespace rapport::models::policies
