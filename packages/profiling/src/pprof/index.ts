export type { Frame, Mapping, NumLabel, Profile, Sample, ValueType } from './model.js';
export { decodeProfile, sampleTypeIndex, unzipProfileBytes } from './decode.js';
export { compilePattern, filterSamples, labelValues, matchFrames, type SampleFilter } from './filter.js';
export { computeTop, formatTop, type TopOptions, type TopReport, type TopRow } from './top.js';
export { pprofPercentage, pprofScaledLabel, pprofScale, pprofOutputUnit } from './units.js';
export { buildCallTree, buildTreeFromStacks, children, formatTree, nodeName, type CallTree, type FormatTreeOptions, type ProfileTree, type StackSource, type TreeOptions } from './tree.js';
