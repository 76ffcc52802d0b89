/**
 * Public API of the GTZAN pipeline, by stage: data (finding clips, splits, the synthetic corpus,
 * feature extraction with its cache, normalisation, tensors), train (the model registry,
 * experiments, segments, augmentation, mixup), studies (model comparison, feature analysis),
 * report (results, metrics, figures), cli (the commands' parsing, progress), and the files the
 * pipeline writes.
 */
export { CACHE_FORMAT_VERSION, cacheFolderProblem, cacheKey, cachePath, decodeCacheEntry, DEFAULT_CACHE_DIR, encodeCacheEntry, readCacheEntry, writeCacheEntry } from './data/cache.js';
export type { CacheEntry, CacheLookup } from './data/cache.js';
export { AUDIO_EXTENSIONS, clipKey, defaultDataDir, findClips, GTZAN_GENRES, verifySha256 } from './data/dataset.js';
export type { Clip, Dataset, Sha256Mismatch, Sha256Report } from './data/dataset.js';
export type { AudioSource, SkippedClip } from './data/extract-clip.js';
export { dspFingerprint, extractFeatures, workersAvailable } from './data/extraction.js';
export type { ExtractionResult, ExtractionStats, ExtractOptions } from './data/extraction.js';
export { corpusNotes, loadCorpus, loadDataset, MIN_CLIP_FRAMES, minimumClipFrames } from './data/load.js';
export type { Corpus, CorpusClip, CorpusOptions, LoadedDataset, SplitInfo, SplitMethod } from './data/load.js';
export { fitStandardizer, sequenceLength, standardize, STD_EPSILON, toSequences } from './data/normalize.js';
export type { ClipMatrix, Standardizer } from './data/normalize.js';
export { datasetArrays, encodeNpy, encodeNpz } from './data/npz.js';
export type { NpyArray } from './data/npz.js';
export { findSplitLists, splitFromLists } from './data/split-lists.js';
export type { ListSplit, MissingListEntry, SplitListFiles } from './data/split-lists.js';
export { blockSplit, checkFractions, DEFAULT_FRACTIONS, partSizes, randomSplit, SPLIT_PARTS } from './data/splits.js';
export type { Split, SplitFractions, SplitPart, Splittable } from './data/splits.js';
export { SYNTHETIC_DEFAULTS, SYNTHETIC_LABELS, syntheticClip, syntheticCorpus } from './data/synthetic/corpus.js';
export type { SyntheticClip, SyntheticCorpus, SyntheticOptions } from './data/synthetic/corpus.js';
export { buildTensors, selectGroups, sequenceNote, standardizedClips } from './data/tensors.js';
export type { DatasetTensors, SplitTensors, TensorOptions } from './data/tensors.js';

export { applyGain, applyStandardizedGain, augmentedStart, cropFrames, gainResponse, isAugmenting, NO_AUGMENTATION, standardizedGain } from './train/augment.js';
export type { AugmentSettings, GainResponse } from './train/augment.js';
export { defaultSegmentFrames, loadExperimentCorpus, readSettings, runExperiment, THREE_SECONDS_OF_FRAMES, trainExperiment } from './train/experiment.js';
export type { ExperimentHooks, ExperimentOutcome, ExperimentSettings, RunRecord } from './train/experiment.js';
export { mixupSamples, sampleGamma, sampleSymmetricBeta } from './train/mixup.js';
export { countModelParams, DEFAULT_AUGMENTATION, DEFAULT_MIXUP_ALPHA, MODELS, modelEntry, modelGroups } from './train/models.js';
export type { ModelBuildOptions, ModelEntry } from './train/models.js';
export { segmentData, wholeClipData } from './train/protocols.js';
export type { RunData, TestResult } from './train/protocols.js';
export { averageByClip, gridCounts, gridSegments, segmentStarts, trainingSegments, voteMetrics } from './train/segments.js';
export type { GainContext, SegmentProtocol, Segments } from './train/segments.js';

export { checkTarget, COMPARISON_SPLITS, comparisonTable, formatTarget, readComparisonSettings, runComparison } from './studies/compare.js';
export type { ComparisonHooks, ComparisonResults, ComparisonRow, ComparisonSettings, ComparisonSplit, SplitScore, TargetCheck } from './studies/compare.js';
export { experimentInFolder } from './studies/experiment-folder.js';
export type { ExperimentFolderOptions } from './studies/experiment-folder.js';
export { ANALYSIS_MODES, analysisConfigs, analysisTable, checkAnalysisSettings, NONE_REMOVED, readAnalysisSettings, runFeatureAnalysis, writeAnalysisReport } from './studies/feature-analysis.js';
export type { AnalysisConfig, AnalysisHooks, AnalysisMode, AnalysisResults, AnalysisSettings, ConfigResult } from './studies/feature-analysis.js';

export { groupedBarChart } from './report/figures/bars.js';
export type { BarChartOptions, BarSeries } from './report/figures/bars.js';
export { confusionMatrixFigure } from './report/figures/confusion.js';
export type { ConfusionOptions } from './report/figures/confusion.js';
export { trainingCurves } from './report/figures/curves.js';
export type { CurveRun, CurvesOptions, EpochRecord } from './report/figures/curves.js';
export { featuresFigure } from './report/figures/features-figure.js';
export type { FeaturesFigureOptions } from './report/figures/features-figure.js';
export { encodePng } from './report/figures/png.js';
export { accuracy, accuracyFromConfusion, argmaxRows, classificationReport, confusionMatrix, formatClassificationReport, formatMeanStd, meanStd } from './report/metrics.js';
export type { ClassificationReport, ClassScores, MeanStd } from './report/metrics.js';
export { writeFeatureJson, JSON_CHUNK_CHARS } from './report/feature-json.js';
export type { FeatureMatrix } from './report/feature-json.js';
export { formatSummary, summarize, writeResults } from './report/results.js';
export type { ExperimentResults } from './report/results.js';

export { CommandLine, type ParsedCommandLine, type ResumableJob, type ResumedOrNew } from './cli/command-line.js';
export {
  dataFolder,
  experimentOptions,
  extractionOptions,
  HELP_OPTION,
  modelList,
  outputFolder,
  parseChoices,
  parseEpochsPerModel,
  parseFeatureGroups,
  parseFractions,
  parseList,
  parseModels,
  parsePositiveInt,
  parseSeed,
  parseSplitMethod,
  parseWorkers,
  splitFlags,
} from './cli/options.js';
export type { SplitFlags } from './cli/options.js';
export { epochTicker, formatDuration, progressCallback, ProgressBar } from './cli/progress.js';
export type { ProgressOptions, ProgressStream } from './cli/progress.js';

export { loadModel, readJson, saveModel, writeFileAtomic, writeJsonAtomic } from './files.js';

export { Classifier, HOP_LENGTH, MIN_FRAMES } from './classify/classifier.js';
export type { Classification, ClassifierContents, ClassifyOptions, InputProtocol, LabelledProbability, Provenance, TimelineEntry } from './classify/classifier.js';
export { CLASSIFIER_FORMAT, CLASSIFIER_FORMAT_VERSION, decodeClassifier, DSP_SETTINGS, encodeClassifier } from './classify/classifier-file.js';
export { ClassifyError, DEFAULT_CLASSIFIER, FileClassifier, loadClassifier } from './classify/load-classifier.js';
export { audioFiles, CLASSIFIABLE_EXTENSIONS } from './classify/audio-files.js';
export type { AudioFileList } from './classify/audio-files.js';
export { genreTimeline } from './report/figures/genre-timeline.js';
