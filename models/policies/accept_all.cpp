// accept_all: accept every request, opening a personal out-of-office channel.
#include "models/policies/policy.hpp"

namespace rapport::models {

Response respond_accept_all(const RequestContext& /*request*/) { return Response::kAccept; }

}  // namespace rapport::models
