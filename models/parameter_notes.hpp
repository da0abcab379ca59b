// Why a parameter's default sits at an end of its plausible range, or outside it (issue 13
// item 8: defaults honest and centred). `rapport parameters` prints the note beside the
// range; a test lists such defaults without a note, and notes on defaults that need none.
#pragma once

#include <string_view>

namespace rapport::models {

// The note of a parameter key, "" when it has none.
std::string_view range_note(std::string_view key);

}  // namespace rapport::models
