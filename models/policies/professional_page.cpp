// professional_page: point the patient to a public professional page (no private messages there).
#include "models/policies/policy.hpp"

namespace rapport::models {

Response respond_professional_page(const RequestContext& /*request*/) { return Response::kRedirectPage; }

}  // namespace rapport::models
