// Scenario configuration: validation errors name the file and the key, `extends`
// merges relative to the including file, overrides parse, the TOML dump round-trips.
// The schema is a small one of the test's own (sim/ knows no model); the model's schema
// and its rules between keys are tested in tests/models/scenario_test.cpp.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "sim/config.hpp"
#include "sim/toml_input.hpp"
#include "tests/support/temporary_directory.hpp"

namespace rapport::sim {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;

ParameterSpec integer(std::string key, std::int64_t value, double min, double max) {
  return {.key = std::move(key), .kind = ValueKind::kInteger, .default_value = value, .min = min, .max = max};
}
ParameterSpec real(std::string key, double value, double min, double max) {
  return {.key = std::move(key), .kind = ValueKind::kReal, .default_value = value, .min = min, .max = max};
}

// Keys named like the model's, with one of each kind and an atomic table.
const Schema& schema() {
  static const Schema kSchema{
      .parameters =
          {
              integer("run.days", 365, 1, 36500),
              integer("run.replicates", 1, 1, 100000),
              integer("run.seed", 1, 0, 9e18),
              integer("cascade.max_hops", 3, 0, 10),
              real("population.p_chronic", 0.3, 0, 1),
              real("trust.relaxation_days", 180, 1, 3650),
              real("trust.decline_silent", -0.02, -1, 1),
              real("requests.rate_per_year", 0.05, 0, 10),
              real("breaches.p_per_message_portal", 1e-6, 0, 1),
              {.key = "policy.disclosed", .kind = ValueKind::kBoolean, .default_value = false},
              {.key = "network.type",
               .kind = ValueKind::kChoice,
               .default_value = std::string("watts_strogatz"),
               .choices = {"watts_strogatz", "barabasi_albert", "stochastic_block"}},
              real("policy.mix.decline_all", 0, 0, 1),
              real("policy.mix.accept_all", 0, 0, 1),
              real("policy.mix.secure_portal", 0, 0, 1),
              real("policy.mix.selective", 0, 0, 1),
          },
      .atomic_tables = {"policy.mix"},
  };
  return kSchema;
}

// The message of the ConfigError `fn` throws; fails the test if none is thrown.
template <class Fn>
std::string error_of(Fn&& fn) {
  try {
    fn();
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError";
  return {};
}

class ConfigFiles : public ::testing::Test {
 protected:
  fs::path write(const std::string& relative, const std::string& text) {
    const auto path = dir_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path;
  }
  test::TemporaryDirectory dir_{"rapport-config"};
};

TEST(ConfigText, EmptyScenarioResolvesEveryKeyToItsDefault) {
  const auto config = resolve_scenario_text("defaults", "", schema());
  EXPECT_EQ(config.name, "defaults");
  ASSERT_EQ(config.values.size(), schema().parameters.size());
  for (const auto& spec : schema().parameters) EXPECT_EQ(config.values.at(spec.key), spec.default_value) << spec.key;
  EXPECT_TRUE(config.origin.empty());
}

TEST(ConfigText, UnknownKeyIsRejectedWithSuggestionAndFileName) {
  const auto message = error_of([] { resolve_scenario_text("my_scenario.toml", "[run]\ndayz = 30\n", schema()); });
  EXPECT_THAT(message, AllOf(HasSubstr("my_scenario.toml:2"), HasSubstr("run.dayz: unknown key"),
                             HasSubstr("did you mean 'run.days'")));
}

TEST(ConfigText, WrongTypeIsRejectedNamingKeyAndExpectedKind) {
  EXPECT_THAT(error_of([] { resolve_scenario_text("s.toml", "run.days = \"ten\"\n", schema()); }),
              AllOf(HasSubstr("s.toml:1"), HasSubstr("run.days: "), HasSubstr("must be an integer")));
  EXPECT_THAT(error_of([] { resolve_scenario_text("s.toml", "run.days = 10.5\n", schema()); }),
              HasSubstr("must be an integer"));
  EXPECT_THAT(error_of([] { resolve_scenario_text("s.toml", "population.p_chronic = true\n", schema()); }),
              AllOf(HasSubstr("population.p_chronic: "), HasSubstr("must be a number")));
  EXPECT_THAT(error_of([] { resolve_scenario_text("s.toml", "policy.disclosed = 1\n", schema()); }),
              HasSubstr("must be true or false"));
  EXPECT_THAT(error_of([] { resolve_scenario_text("s.toml", "run.days = [1, 2]\n", schema()); }),
              HasSubstr("unsupported value type"));
}

TEST(ConfigText, IntegerIsAcceptedWhereARealIsExpected) {
  const auto config = resolve_scenario_text("s", "trust.relaxation_days = 90\n", schema());
  EXPECT_EQ(config.real("trust.relaxation_days"), 90.0);
}

TEST(ConfigText, OutOfRangeValueIsRejectedWithAllowedRange) {
  EXPECT_THAT(error_of([] { resolve_scenario_text("s.toml", "population.p_chronic = 1.5\n", schema()); }),
              AllOf(HasSubstr("population.p_chronic: "), HasSubstr("out of range"), HasSubstr("from 0 to 1")));
  EXPECT_THAT(error_of([] { resolve_scenario_text("s.toml", "run.days = 0\n", schema()); }),
              AllOf(HasSubstr("run.days: "), HasSubstr("out of range")));
  EXPECT_THAT(error_of([] { resolve_scenario_text("s.toml", "trust.relaxation_days = nan\n", schema()); }),
              HasSubstr("out of range"));
}

TEST(ConfigText, InvalidChoiceListsTheAllowedNames) {
  EXPECT_THAT(error_of([] { resolve_scenario_text("s.toml", "network.type = \"erdos\"\n", schema()); }),
              AllOf(HasSubstr("network.type: "), HasSubstr("watts_strogatz"), HasSubstr("barabasi_albert"),
                    HasSubstr("stochastic_block")));
}

TEST(ConfigText, SyntaxErrorReportsLineAndColumn) {
  const auto message = error_of([] { resolve_scenario_text("broken.toml", "run.days = 5\nrun.seed = = 3\n", schema()); });
  EXPECT_THAT(message, AllOf(ContainsRegex("broken\\.toml:2:[0-9]+: TOML syntax error")));
}

TEST_F(ConfigFiles, SyntaxErrorInAFileNamesThatFile) {
  const auto file = write("bad.toml", "[run]\ndays = 30\n[run\n");
  EXPECT_THAT(error_of([&] { resolve_scenario(file, {}, schema()); }), ContainsRegex("bad\\.toml:3:[0-9]+: TOML"));
}

TEST_F(ConfigFiles, ExtendsResolvesRelativeToTheIncludingFileAndChildOverrides) {
  write("base/grandparent.toml", "[run]\ndays = 40\nreplicates = 3\n[cascade]\nmax_hops = 2\n");
  const auto parent = write("base/parent.toml",
                            "extends = \"grandparent.toml\"\n[run]\ndays = 50\nseed = 7\n");
  const auto child = write("scenarios/child.toml", "extends = \"../base/parent.toml\"\n[run]\ndays = 60\n");
  const auto config = resolve_scenario(child, {}, schema());
  EXPECT_EQ(config.name, "child");
  EXPECT_EQ(config.integer("run.days"), 60);        // child wins
  EXPECT_EQ(config.integer("run.seed"), 7);         // from parent
  EXPECT_EQ(config.integer("run.replicates"), 3);   // from grandparent
  EXPECT_EQ(config.integer("cascade.max_hops"), 2);  // from grandparent
  EXPECT_THAT(config.where("run.seed"), HasSubstr("parent.toml"));
  EXPECT_THAT(config.where("run.days"), HasSubstr("child.toml"));
  EXPECT_THAT(config.where("run.replicates"), HasSubstr("grandparent.toml"));
  EXPECT_EQ(config.values.count("extends"), 0u);
}

TEST_F(ConfigFiles, ExtendsCycleIsRejected) {
  write("a.toml", "extends = \"b.toml\"\n");
  write("b.toml", "extends = \"c.toml\"\n");
  write("c.toml", "extends = \"a.toml\"\n");
  EXPECT_THAT(error_of([&] { resolve_scenario(dir_ / "a.toml", {}, schema()); }),
              AllOf(HasSubstr("cycle"), HasSubstr("a.toml -> b.toml -> c.toml -> a.toml")));
  write("self.toml", "extends = \"self.toml\"\n");
  EXPECT_THAT(error_of([&] { resolve_scenario(dir_ / "self.toml", {}, schema()); }), HasSubstr("cycle"));
}

TEST_F(ConfigFiles, MissingExtendedFileNamesBothFiles) {
  const auto child = write("child.toml", "extends = \"nowhere.toml\"\n");
  EXPECT_THAT(error_of([&] { resolve_scenario(child, {}, schema()); }),
              AllOf(HasSubstr("child.toml"), HasSubstr("missing file"), HasSubstr("nowhere.toml")));
  EXPECT_THAT(error_of([&] { resolve_scenario(dir_ / "absent.toml", {}, schema()); }),
              HasSubstr("no such scenario file"));
}

TEST_F(ConfigFiles, ExtendsMustBeAString) {
  const auto child = write("child.toml", "extends = 3\n");
  EXPECT_THAT(error_of([&] { resolve_scenario(child, {}, schema()); }), HasSubstr("extends: must be a file path"));
}

TEST_F(ConfigFiles, ChildPolicyMixReplacesTheParentMixAsAWhole) {
  write("parent.toml", "[policy.mix]\ndecline_all = 0.5\naccept_all = 0.5\n[run]\ndays = 10\n");
  const auto child = write("child.toml", "extends = \"parent.toml\"\n[policy.mix]\nsecure_portal = 1.0\n");
  const auto config = resolve_scenario(child, {}, schema());
  EXPECT_EQ(config.real("policy.mix.decline_all"), 0.0);
  EXPECT_EQ(config.real("policy.mix.accept_all"), 0.0);
  EXPECT_EQ(config.real("policy.mix.secure_portal"), 1.0);
  EXPECT_EQ(config.integer("run.days"), 10);  // ordinary tables still merge key by key

  // A child that leaves the mix alone inherits it.
  const auto other = write("other.toml", "extends = \"parent.toml\"\n[run]\ndays = 20\n");
  const auto inherited = resolve_scenario(other, {}, schema());
  EXPECT_EQ(inherited.real("policy.mix.decline_all"), 0.5);
  EXPECT_EQ(inherited.real("policy.mix.accept_all"), 0.5);
}

TEST_F(ConfigFiles, SetOverridesParseNumbersBooleansAndBareStrings) {
  const auto file = write("s.toml", "[run]\ndays = 30\n");
  const auto config = resolve_scenario(
      file, parse_overrides({"run.days=12", "network.type=barabasi_albert", "trust.relaxation_days=90.5",
                             "policy.disclosed=true", "cascade.max_hops=4"}),
      schema());
  EXPECT_EQ(config.integer("run.days"), 12);
  EXPECT_EQ(config.choice("network.type"), "barabasi_albert");
  EXPECT_EQ(config.real("trust.relaxation_days"), 90.5);
  EXPECT_TRUE(config.boolean("policy.disclosed"));
  EXPECT_EQ(config.integer("cascade.max_hops"), 4);
  EXPECT_EQ(config.where("run.days"), "--set");
  // A quoted string works as well as a bare word.
  EXPECT_EQ(resolve_scenario(file, parse_overrides({"network.type=\"stochastic_block\""}), schema()).choice("network.type"),
            "stochastic_block");
}

TEST_F(ConfigFiles, MalformedSetIsRejected) {
  const auto file = write("s.toml", "");
  for (const std::string bad : {"run.days", "=5", "run.days="}) {
    EXPECT_THAT(error_of([&] { resolve_scenario(file, parse_overrides({bad}), schema()); }),
                AllOf(HasSubstr("--set: " + bad + ": "), HasSubstr("expected dotted.key=value")))
        << bad;
  }
}

TEST_F(ConfigFiles, SetOfAnUnknownOrInvalidKeyNamesTheOverride) {
  const auto file = write("s.toml", "");
  EXPECT_THAT(error_of([&] { resolve_scenario(file, parse_overrides({"run.dayz=3"}), schema()); }),
              AllOf(HasSubstr("--set: run.dayz: unknown key"), HasSubstr("did you mean 'run.days'")));
  EXPECT_THAT(error_of([&] { resolve_scenario(file, parse_overrides({"run.days=abc"}), schema()); }),
              AllOf(HasSubstr("--set: run.days: "), HasSubstr("must be an integer")));
}

TEST_F(ConfigFiles, SetWithAnInlineTableArrayOrDateIsAClearError) {
  const auto file = write("s.toml", "");
  for (const std::string bad : {"run.days={a=1}", "run={days=3}", "run.days=[1,2]", "run.days=1979-05-27"}) {
    EXPECT_THAT(error_of([&] { resolve_scenario(file, parse_overrides({bad}), schema()); }),
                AllOf(HasSubstr("--set"), HasSubstr("is not a number, boolean or string")))
        << bad;
  }
}

TEST_F(ConfigFiles, SetWithALineBreakCannotSmuggleInASecondAssignment) {
  const auto file = write("s.toml", "");
  for (const auto& bad : std::vector<std::string>{"run.days=5\nrun.seed=3", "run.days=5\r", std::string("run.days=5\0x", 12)}) {
    EXPECT_THAT(error_of([&] { resolve_scenario(file, parse_overrides({bad}), schema()); }),
                AllOf(HasSubstr("--set: run.days: "), HasSubstr("line break")))
        << bad;
  }
}

TEST_F(ConfigFiles, ScenarioThatIsAFifoOrDirectoryIsRefusedWithoutBlocking) {
  const auto fifo = dir_ / "fifo.toml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THAT(error_of([&] { resolve_scenario(fifo, {}, schema()); }), HasSubstr("not a regular file"));
  const auto child = write("child.toml", "extends = \"fifo.toml\"\n");
  EXPECT_THAT(error_of([&] { resolve_scenario(child, {}, schema()); }),
              AllOf(HasSubstr("fifo.toml"), HasSubstr("not a regular file")));
  fs::create_directories(dir_ / "folder.toml");
  EXPECT_THAT(error_of([&] { resolve_scenario(dir_ / "folder.toml", {}, schema()); }), HasSubstr("is a directory"));
}

TEST_F(ConfigFiles, ExtendsChainThousandsDeepIsRefusedNotAStackOverflow) {
  for (int i = 0; i < 3000; ++i) {
    write("chain" + std::to_string(i) + ".toml", "extends = \"chain" + std::to_string(i + 1) + ".toml\"\n");
  }
  write("chain3000.toml", "");
  EXPECT_THAT(error_of([&] { resolve_scenario(dir_ / "chain0.toml", {}, schema()); }),
              AllOf(HasSubstr("extends: "), HasSubstr("longer than 64 files")));
  // A chain within the bound still resolves.
  EXPECT_EQ(resolve_scenario(dir_ / "chain2940.toml", {}, schema()).name, "chain2940");
}

TEST(ConfigText, KeyNestedThousandsOfLevelsDeepIsRefusedNotAStackOverflow) {
  std::string dotted = "a";
  for (int i = 0; i < 100000; ++i) dotted += ".a";
  EXPECT_THAT(error_of([&] { resolve_scenario_text("deep.toml", dotted + " = 1\n", schema()); }),
              AllOf(HasSubstr("deep.toml:1: a key has 100001 parts; allowed: at most 32")));
  EXPECT_THAT(error_of([&] { resolve_scenario_text("deep.toml", "[a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a]\nb.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b = 1\n", schema()); }),
              HasSubstr("deep.toml:2: keys are nested 36 levels deep; allowed: at most 32"));
  EXPECT_THAT(error_of([&] { resolve_scenario_text("deep.toml", "[" + dotted + "]\nx = 1\n", schema()); }),
              HasSubstr("at most 32"));
}

TEST(ConfigText, KeyGivenTwiceThroughAQuotedDottedKeyAndATableIsRefused) {
  EXPECT_THAT(error_of([] { resolve_scenario_text("twice.toml", "\"run.days\" = 7\n[run]\ndays = 5\n", schema()); }),
              AllOf(HasSubstr("twice.toml:"), HasSubstr("run.days: given twice (also at twice.toml:")));
}

TEST(ConfigText, NulByteIsRefusedNamingItsLine) {
  const std::string text("run.days = 5\n# a\0b\n", 20);
  EXPECT_THAT(error_of([&] { resolve_scenario_text("nul.toml", text, schema()); }),
              AllOf(HasSubstr("nul.toml:2"), HasSubstr("NUL byte")));
}

TEST(ConfigText, IntegerBoundsAreExactBeyondDoublePrecision) {
  // 9000000000000000001 is the same double as the maximum seed; compared as integers it is above it.
  EXPECT_THAT(error_of([] { resolve_scenario_text("s.toml", "run.seed = 9000000000000000001\n", schema()); }),
              AllOf(HasSubstr("run.seed: is 9000000000000000001, out of range"),
                    HasSubstr("above the maximum of 9000000000000000000")));
  EXPECT_EQ(resolve_scenario_text("s.toml", "run.seed = 9000000000000000000\n", schema()).integer("run.seed"),
            9000000000000000000);
}

TEST_F(ConfigFiles, SetOfAPolicyMixShareReplacesTheFileMix) {
  const auto file = write("s.toml", "[policy.mix]\ndecline_all = 1.0\n");
  const auto config = resolve_scenario(file, parse_overrides({"policy.mix.accept_all=1"}), schema());
  EXPECT_EQ(config.real("policy.mix.decline_all"), 0.0);
  EXPECT_EQ(config.real("policy.mix.accept_all"), 1.0);
}

TEST(ConfigRoundTrip, ToTomlResolvesToIdenticalValues) {
  const std::string text =
      "run.seed = 9000000000000000000\n"
      "run.days = 17\n"
      "trust.relaxation_days = 123.456789012345678\n"
      "population.p_chronic = 0.30000000000000004\n"
      "breaches.p_per_message_portal = 1.2345678901234567e-7\n"
      "requests.rate_per_year = 0.1\n"
      "trust.decline_silent = -0.0123456789\n"
      "network.type = \"stochastic_block\"\n"
      "policy.disclosed = true\n"
      "[policy.mix]\nselective = 0.3333333333333333\naccept_all = 0.6666666666666667\n";
  const auto original = resolve_scenario_text("round", text, schema());
  const auto dumped = original.to_toml();
  const auto again = resolve_scenario_text("round", dumped, schema());
  ASSERT_EQ(again.values.size(), original.values.size());
  for (const auto& [key, value] : original.values) {
    EXPECT_EQ(again.values.at(key), value) << key << " did not round-trip; dump:\n" << dumped;
    if (const auto* d = std::get_if<double>(&value)) {
      EXPECT_EQ(std::get<double>(again.values.at(key)), *d) << key;
    }
  }
  EXPECT_EQ(again.to_toml(), dumped);
}

// Stored configurations print reals as written (0.3, not 0.29999999999999999) and still read
// back bit for bit: the shortest decimal that names the double.
TEST(ConfigRoundTrip, RealsPrintAsWrittenAndReadBackBitForBit) {
  const auto config = resolve_scenario_text(
      "short", "population.p_chronic = 0.3\nrequests.rate_per_year = 0.1\ntrust.relaxation_days = 120\n", schema());
  const auto dumped = config.to_toml();
  EXPECT_NE(dumped.find("\np_chronic = 0.3\n"), std::string::npos) << dumped;
  EXPECT_NE(dumped.find("\nrate_per_year = 0.1\n"), std::string::npos) << dumped;
  EXPECT_NE(dumped.find("\nrelaxation_days = 120.0\n"), std::string::npos) << dumped;
  EXPECT_EQ(dumped.find("99999999"), std::string::npos) << dumped;

  std::mt19937_64 bits(20261129);
  std::vector<double> values{0.3, 0.1 + 0.2, 1e-300, 5e-324, -0.0, 1e300, 123456789.0, 2.0, 1e22, 1e-5};
  for (int i = 0; i < 20000; ++i) {
    const double x = std::bit_cast<double>(bits());
    if (std::isfinite(x)) values.push_back(x);
  }
  for (const double x : values) {
    const std::string literal = toml_literal(x);
    const auto parsed = toml::parse("x = " + literal);
    ASSERT_TRUE(parsed["x"].is_floating_point()) << literal << " does not read as a TOML float";
    EXPECT_EQ(std::bit_cast<std::uint64_t>(parsed["x"].value<double>().value()), std::bit_cast<std::uint64_t>(x))
        << literal;
  }
}

TEST(ConfigRoundTrip, DefaultsRoundTrip) {
  const auto original = resolve_scenario_text("d", "", schema());
  const auto again = resolve_scenario_text("d", original.to_toml(), schema());
  EXPECT_EQ(again.values, original.values);
}

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("run.dayz", "run.days"), 1u);
}

TEST(DidYouMean, SuggestsAnAbbreviatedOrPlausiblyMistypedNameOnly) {
  EXPECT_EQ(did_you_mean("cascade.maxhops", schema().keys()), "did you mean 'cascade.max_hops'?");
  EXPECT_EQ(did_you_mean("design.sample", {"design.method", "design.samples"}), "did you mean 'design.samples'?");
  EXPECT_EQ(did_you_mean("lhs", {"sobol", "morris", "lhs"}), "did you mean 'lhs'?");
  EXPECT_EQ(did_you_mean("mcmc", {"rejection", "smc"}), "did you mean 'smc'?");
  EXPECT_EQ(did_you_mean("completely.different", {"run.days", "run.seed"}), "");
}

}  // namespace
}  // namespace rapport::sim
