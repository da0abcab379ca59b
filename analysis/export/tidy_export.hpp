// `rapport export`: a rapport HDF5 file as long-format CSV tables for pandas, R or a
// spreadsheet (layout: README "See your results"), with a data dictionary of units.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace rapport::analysis {

// Writes the tables of `results` into `directory` (which must not exist) and returns the
// names of the files written. Tables:
//   metrics.csv       scenario,replicate,day,metric,value  (every daily series, also those
//                     found outside metrics/, e.g. requesters/by_response/trust_mean)
//   <group>.csv       scenario,replicate,row,<columns>  for each scenario group of [replicates, N]
//                     columns (physicians.csv: one row per physician; requesters when present)
//   sweep_design.csv  sweep,point,parameter,value;  sweep_outcomes.csv  sweep,scenario,point,
//                     replicate,outcome,statistic,value  (sweep files)
//   data_dictionary.csv  table,column,metric,units,description
// Throws ResultsFileError for a file rapport cannot read.
std::vector<std::string> export_csv(const std::filesystem::path& results, const std::filesystem::path& directory);

}  // namespace rapport::analysis
