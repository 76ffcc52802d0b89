/**
 * Public API of the GTZAN pipeline: finding clips, splits, the synthetic corpus, feature
 * extraction with its cache, normalisation, metrics, progress display and SVG reports.
 */
export { AUDIO_EXTENSIONS, clipKey, defaultDataDir, findClips, GTZAN_GENRES, verifySha256 } from './dataset.js';
export type { Clip, Dataset, Sha256Mismatch, Sha256Report } from './dataset.js';
export { blockSplit, checkFractions, DEFAULT_FRACTIONS, findSplitLists, partSizes, randomSplit, SPLIT_PARTS, splitFromLists } from './splits.js';
export type { ListSplit, MissingListEntry, Split, SplitFractions, SplitListFiles, SplitPart, Splittable } from './splits.js';
export { SYNTHETIC_DEFAULTS, SYNTHETIC_LABELS, syntheticClip, syntheticCorpus } from './synthetic.js';
export type { SyntheticClip, SyntheticCorpus, SyntheticOptions } from './synthetic.js';
export { CACHE_FORMAT_VERSION, cacheKey, cachePath, decodeCacheEntry, DEFAULT_CACHE_DIR, encodeCacheEntry, readCacheEntry, writeCacheEntry } from './cache.js';
export type { CacheEntry, CacheLookup } from './cache.js';
export { ALL_FEATURE_GROUPS, dspFingerprint, extractFeatures, parseFeatureGroups, selectGroups, workersAvailable } from './features.js';
export type { AudioSource, ExtractionResult, ExtractionStats, ExtractOptions, SkippedClip } from './features.js';
export { fitStandardizer, sequenceLength, standardize, STD_EPSILON, toSequences } from './normalize.js';
export type { ClipMatrix, Standardizer } from './normalize.js';
export { buildTensors, loadCorpus, loadDataset } from './load.js';
export type { Corpus, CorpusClip, CorpusOptions, DatasetTensors, LoadedDataset, SplitInfo, SplitMethod, SplitTensors, TensorOptions } from './load.js';
export { accuracy, accuracyFromConfusion, argmaxRows, classificationReport, confusionMatrix, formatClassificationReport, formatMeanStd, meanStd } from './metrics.js';
export type { ClassificationReport, ClassScores, MeanStd } from './metrics.js';
export { formatDuration, progressCallback, ProgressBar } from './progress.js';
export type { ProgressOptions, ProgressStream } from './progress.js';
export { groupedBarChart } from './report/bars.js';
export type { BarChartOptions, BarSeries } from './report/bars.js';
export { confusionMatrixFigure } from './report/confusion.js';
export type { ConfusionOptions } from './report/confusion.js';
export { trainingCurves } from './report/curves.js';
export type { CurveRun, CurvesOptions, EpochRecord } from './report/curves.js';
export { featuresFigure } from './report/features-figure.js';
export type { FeaturesFigureOptions } from './report/features-figure.js';
export { encodePng } from './report/png.js';
export { MODELS, modelEntry } from './models.js';
export type { ModelBuildOptions, ModelEntry } from './models.js';
export { readSettings, runExperiment, writeJsonAtomic } from './experiment.js';
export type { ExperimentHooks, ExperimentOutcome, ExperimentSettings, RunRecord } from './experiment.js';
export { formatSummary, summarize, writeResults } from './results.js';
export type { ExperimentResults } from './results.js';
export { encodeNpy, encodeNpz, writeNpz } from './npz.js';
export type { NpyArray } from './npz.js';
