// Debian's libjs-vega ships Vega 5 as separate UMD modules. Each is run here as a CommonJS
// module whose require() returns the modules defined before it; the result is assembled the
// way Vega's own bundle (vega/index.js) does it.
var rapportModules = {};
function rapportDefine(name, factory) {
  var module = {exports: {}};
  factory(module.exports, module, function (dependency) {
    var found = rapportModules[dependency];
    if (!found) throw new Error("Vega module " + dependency + " is missing from the page");
    return found;
  });
  rapportModules[name] = module.exports;
}
function rapportAssembleVega(m) {
  var vega = {};
  ["vega-util", "vega-statistics", "vega-time", "vega-loader", "vega-scenegraph", "vega-scale"].forEach(
      function (name) { Object.assign(vega, m[name]); });
  vega.parse = m["vega-parser"].parse;
  vega.View = m["vega-view"].View;
  // Register the transforms (data, view and encoding) that specifications refer to by name.
  Object.assign(m["vega-dataflow"].transforms, m["vega-transforms"], m["vega-view-transforms"], m["vega-encode"]);
  return vega;
}
