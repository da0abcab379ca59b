// The parameter schema: complete, documented, and every shipped scenario validates.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "models/networks/network.hpp"
#include "models/parameters.hpp"
#include "sim/config.hpp"

namespace rapport::models {
namespace {

TEST(ParameterSchema, KeysAreUniqueSortedAndDocumented) {
  const auto& schema = parameter_schema();
  ASSERT_FALSE(schema.parameters.empty());
  std::set<std::string> keys;
  for (std::size_t k = 0; k < schema.parameters.size(); ++k) {
    const auto& spec = schema.parameters[k];
    EXPECT_TRUE(keys.insert(spec.key).second) << "duplicate key " << spec.key;
    if (k > 0) {
      EXPECT_LT(schema.parameters[k - 1].key, spec.key);
    }
    EXPECT_FALSE(spec.source.empty()) << spec.key << " has no source";
    EXPECT_FALSE(spec.description.empty()) << spec.key << " has no description";
    if (spec.kind == sim::ValueKind::kReal || spec.kind == sim::ValueKind::kInteger) {
      const double value = spec.kind == sim::ValueKind::kReal ? std::get<double>(spec.default_value)
                                                               : static_cast<double>(std::get<std::int64_t>(spec.default_value));
      EXPECT_GE(value, spec.min) << spec.key;
      EXPECT_LE(value, spec.max) << spec.key;
    }
  }
  for (const auto& policy : policy_table()) {
    EXPECT_TRUE(keys.count("policy.mix." + std::string(policy.name))) << policy.name;
  }
  EXPECT_EQ(schema.atomic_tables, std::vector<std::string>{"policy.mix"});
}

TEST(ParameterSchema, DefaultsGiveValidParameters) {
  const auto p = parameters_from(sim::resolve_scenario_text("defaults", "", parameter_schema()));
  EXPECT_EQ(p.run.days, 730);
  EXPECT_EQ(p.population.physicians, 100);
  EXPECT_EQ(p.population.patients_per_physician, 2000);
  EXPECT_EQ(network_table()[static_cast<std::size_t>(p.network.type)].name, "watts_strogatz");
}

TEST(ParameterSchema, KeysLandInTheirTypedFields) {
  const auto p = parameters_from(sim::resolve_scenario_text(
      "s",
      "network.type = \"barabasi_albert\"\ncascade.max_hops = 7\npolicy.disclosed = true\n"
      "visits.rel_rate_pediatrics = 1.7\npopulation.p_social_media_65_plus = 0.5\n"
      "[policy.mix]\nprofessional_page = 0.25\nsecure_portal = 0.75\n",
      parameter_schema()));
  EXPECT_EQ(network_table()[static_cast<std::size_t>(p.network.type)].name, "barabasi_albert");
  EXPECT_EQ(p.cascade.max_hops, 7);
  EXPECT_TRUE(p.policy.disclosed);
  EXPECT_EQ(p.visits.rel_rate[static_cast<std::size_t>(Specialty::kPediatrics)], 1.7);
  EXPECT_EQ(p.population.p_social_media[3], 0.5);
  EXPECT_EQ(p.policy.mix[static_cast<std::size_t>(*find_policy("professional_page"))], 0.25);
  EXPECT_EQ(p.policy.mix[static_cast<std::size_t>(*find_policy("secure_portal"))], 0.75);
  EXPECT_EQ(p.policy.mix[static_cast<std::size_t>(*find_policy("decline_all"))], 0.0);
}

TEST(ShippedScenarios, EveryScenarioFileValidates) {
  const std::filesystem::path root = std::filesystem::path(RAPPORT_SOURCE_DIR) / "scenarios";
  std::size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (entry.path().extension() != ".toml") continue;
    SCOPED_TRACE(entry.path().string());
    EXPECT_NO_THROW({
      const auto config = sim::resolve_scenario(entry.path(), {}, parameter_schema());
      (void)parameters_from(config);
    });
    ++checked;
  }
  EXPECT_GE(checked, 6u);
}

}  // namespace
}  // namespace rapport::models
