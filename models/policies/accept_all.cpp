// accept_all: accept every request, opening a personal out-of-office channel.
#include "models/policies/policy.hpp"

namespace rapport::models::policies {

const PolicyDefinition accept_all{
    .name = "accept_all",
    .rank = 2,
    .summary = "accept every request; patients gain a personal messaging channel",
    .respond = [](const RequestContext&) { return Response::kAccept; },
};

}  // namespace rapport::models::policies
