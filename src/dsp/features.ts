/**
 * Whole-clip feature extraction: one STFT per clip feeds every spectral feature, one mel
 * spectrogram the MFCCs and the onset envelope, and the onset envelope the rhythm features.
 * Shape letters: T = frames, F = features of a frame vector.
 */
import { estimateTuning, chromaStft } from './chroma.js';
import { concatColumns, leadingColumns, type FrameMatrix } from './frames.js';
import { melSpectrogram, powerToDb } from './mel.js';
import { mfcc } from './mfcc.js';
import { onsetStrength } from './onset.js';
import { amplitudeStatistics, rms, spectralBandwidth, spectralCentroid, spectralContrast, spectralFlatness, spectralRolloff, zeroCrossingRate } from './spectral.js';
import { stft, stftMagnitude, type Spectrogram } from './stft.js';
import { globalTempo, localTempo, TEMPOGRAM_RATIO_NAMES, tempogramRatio } from './tempo.js';

/** Every block of columns of the frame vector, in the column order of a clip's full feature matrix. */
export const ALL_FEATURE_GROUPS = [
  'mfcc', 'centroid', 'chroma', 'contrast', 'zcr', 'rms', 'amplitude',
  'bandwidth', 'rolloff', 'flatness', 'onset', 'tempo', 'tempogram_ratio', 'mel',
] as const;

/** A block of columns of the frame vector. */
export type FeatureGroup = (typeof ALL_FEATURE_GROUPS)[number];

/** Bands of the `mel` group: a coarse log-mel spectrum beside the MFCCs' 128-band one. */
const MEL_GROUP_BANDS = 40;

/** The paper's 40-value frame vector: 20 MFCC + centroid + 12 chroma + 7 contrast. */
export const DEFAULT_GROUPS: FeatureGroup[] = ['mfcc', 'centroid', 'chroma', 'contrast'];

/** Per-frame feature vectors of one clip. */
export interface FrameFeatures {
  nFrames: number;
  nFeatures: number;
  /** Column names, e.g. `mfcc_0`, `spectral_centroid`, `chroma_C#`, `contrast_6`. */
  names: string[];
  /** Where each requested group sits: columns `start .. start + width - 1`. */
  groups: { group: FeatureGroup; start: number; width: number }[];
  /** `[nFrames, nFeatures]` row-major. */
  data: Float32Array;
}

const CHROMA_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

/** Column names of each group, in order. */
const GROUP_NAMES: Record<FeatureGroup, string[]> = {
  mfcc: Array.from({ length: 20 }, (_, i) => `mfcc_${i}`),
  centroid: ['spectral_centroid'],
  chroma: CHROMA_NAMES.map((c) => `chroma_${c}`),
  contrast: Array.from({ length: 7 }, (_, i) => `contrast_${i}`),
  zcr: ['zero_crossing_rate'],
  rms: ['rms'],
  amplitude: ['amplitude_mean', 'amplitude_std', 'amplitude_skewness', 'amplitude_kurtosis'],
  bandwidth: ['spectral_bandwidth'],
  rolloff: ['spectral_rolloff'],
  flatness: ['spectral_flatness'],
  onset: ['onset_strength'],
  tempo: ['tempo'],
  tempogram_ratio: TEMPOGRAM_RATIO_NAMES,
  mel: Array.from({ length: MEL_GROUP_BANDS }, (_, i) => `mel_${i}`),
};

/** Columns of the frame vector made of `groups`, e.g. 40 for `DEFAULT_GROUPS`. */
export function featureCount(groups: readonly FeatureGroup[]): number {
  return groups.reduce((n, g) => n + GROUP_NAMES[g].length, 0);
}

/** The intermediate results groups share, each computed on first use. */
interface SharedStages {
  y: Float32Array;
  sr: number;
  spec: () => Spectrogram;
  /** `powerToDb(melSpectrogram(spec))`: 128 mel bands in dB, librosa defaults. */
  melDb: () => FrameMatrix;
  onset: () => FrameMatrix;
}

function sharedStages(y: Float32Array, sr: number): SharedStages {
  let spec: Spectrogram | null = null;
  let melDb: FrameMatrix | null = null;
  let onset: FrameMatrix | null = null;
  const stages: SharedStages = {
    y,
    sr,
    spec: () => (spec ??= stft(y, { sr })),
    melDb: () => (melDb ??= powerToDb(melSpectrogram(stages.spec()))),
    onset: () => (onset ??= onsetStrength(stages.melDb())),
  };
  return stages;
}

/** Compute one group's `[T, width]` matrix from the shared stages (or the signal). */
function groupMatrix(group: FeatureGroup, stages: SharedStages): FrameMatrix {
  const { y, spec } = stages;
  switch (group) {
    case 'mfcc':
      return mfcc(stages.melDb(), { nMfcc: 20 });
    case 'centroid':
      return spectralCentroid(spec());
    case 'chroma':
      return chromaStft(spec());
    case 'contrast':
      return spectralContrast(spec());
    case 'zcr':
      return zeroCrossingRate(y);
    case 'rms':
      return rms(y);
    case 'amplitude':
      return amplitudeStatistics(spec());
    case 'bandwidth':
      return spectralBandwidth(spec());
    case 'rolloff':
      return spectralRolloff(spec());
    case 'flatness':
      return spectralFlatness(spec());
    case 'onset':
      return stages.onset();
    case 'tempo':
      return localTempo(stages.onset(), { sr: stages.sr });
    case 'tempogram_ratio':
      return tempogramRatio(stages.onset(), { sr: stages.sr });
    case 'mel':
      return melBandsDb(spec());
  }
}

/**
 * The `mel` group: `MEL_GROUP_BANDS` Slaney mel bands of the power spectrum in dB, floored at the
 * clip's maximum - 80 dB. Shapes: `[T, F]` -> `[T, 40]`.
 * = `librosa.power_to_db(librosa.feature.melspectrogram(y=y, n_mels=40))`.
 */
function melBandsDb(spec: Spectrogram): FrameMatrix {
  return powerToDb(melSpectrogram(spec, { nMels: MEL_GROUP_BANDS }));
}

/**
 * The frame-vector matrix of a clip: the requested groups side by side, in the order given, the
 * spectral ones all from ONE STFT (n_fft 2048, hop 512, centred, zero-padded, periodic Hann); the
 * rhythm groups (onset, tempo, tempogram_ratio) from the onset envelope of its mel spectrogram.
 * Shapes: y `[n]` (mono, `sr` Hz) -> data `[T, nFeatures]` with `T = 1 + floor(n / 512)`.
 * With DEFAULT_GROUPS this is the oracle's `features40`:
 * `concat(mfcc(n_mfcc=20), spectral_centroid, chroma_stft, spectral_contrast)` of librosa 0.11.
 */
export function frameFeatures(y: Float32Array, { sr = 22050, groups = DEFAULT_GROUPS }: { sr?: number; groups?: FeatureGroup[] } = {}): FrameFeatures {
  if (groups.length === 0) throw new RangeError('frameFeatures: no feature group requested');
  const stages = sharedStages(y, sr); // each stage computed once, and only if a group needs it
  const matrices = groups.map((g) => groupMatrix(g, stages));
  const { nFrames, width: nFeatures, data } = concatColumns(matrices);
  const layout: FrameFeatures['groups'] = [];
  let start = 0;
  groups.forEach((group, g) => {
    layout.push({ group, start, width: matrices[g].width });
    start += matrices[g].width;
  });
  const names = groups.flatMap((g) => GROUP_NAMES[g]);
  return { nFrames, nFeatures, names, groups: layout, data };
}

/** Every feature of a clip under the oracle's (librosa_ref.py, librosa_features.py) names. */
export interface AllFeatures {
  nFrames: number;
  /** Tuning estimate (fractions of a chroma bin) used by `chroma_stft`. */
  tuning: number;
  /** The clip's tempo in BPM (`globalTempo`). */
  tempo: number;
  features: {
    stft_mag: FrameMatrix;
    melspectrogram: FrameMatrix;
    melspectrogram_db: FrameMatrix;
    mfcc13: FrameMatrix;
    mfcc20: FrameMatrix;
    spectral_centroid: FrameMatrix;
    chroma_stft: FrameMatrix;
    spectral_contrast: FrameMatrix;
    zero_crossing_rate: FrameMatrix;
    rms: FrameMatrix;
    amplitude_statistics: FrameMatrix;
    features40: FrameMatrix;
    spectral_bandwidth: FrameMatrix;
    spectral_rolloff: FrameMatrix;
    spectral_flatness: FrameMatrix;
    onset_strength: FrameMatrix;
    tempo_frames: FrameMatrix;
    tempogram_ratio: FrameMatrix;
    melspectrogram40_db: FrameMatrix;
  };
}

/**
 * Every librosa-named feature of a clip from one STFT, frame-major `[T, width]`, with the names of
 * `librosa_ref.py`: stft_mag `[T, 1025]`, melspectrogram / melspectrogram_db `[T, 128]`,
 * mfcc13 / mfcc20, spectral_centroid `[T, 1]`, chroma_stft `[T, 12]`, spectral_contrast `[T, 7]`,
 * zero_crossing_rate, rms `[T, 1]`, amplitude_statistics `[T, 4]` (tunegrad's own),
 * features40 `[T, 40]`, spectral_bandwidth, spectral_rolloff, spectral_flatness, onset_strength,
 * tempo_frames (local tempo) `[T, 1]`, tempogram_ratio `[T, 13]` and melspectrogram40_db `[T, 40]`
 * (the `mel` group), plus the chroma tuning estimate
 * (= `librosa.estimate_tuning(S=|X|**2)`) and the clip's tempo.
 */
export function allFeatures(y: Float32Array, { sr = 22050 }: { sr?: number } = {}): AllFeatures {
  const spec = stft(y, { sr });
  const mel = melSpectrogram(spec);
  const melDb = powerToDb(mel);
  const mfccs = mfcc(melDb, { nMfcc: 20 });
  const tuning = estimateTuning(spec);
  const centroid = spectralCentroid(spec);
  const chroma = chromaStft(spec, { tuning });
  const contrast = spectralContrast(spec);
  const onset = onsetStrength(melDb);
  return {
    nFrames: spec.nFrames,
    tuning,
    tempo: globalTempo(onset, { sr }),
    features: {
      stft_mag: stftMagnitude(spec),
      melspectrogram: mel,
      melspectrogram_db: melDb,
      mfcc13: leadingColumns(mfccs, 13),
      mfcc20: mfccs,
      spectral_centroid: centroid,
      chroma_stft: chroma,
      spectral_contrast: contrast,
      zero_crossing_rate: zeroCrossingRate(y),
      rms: rms(y),
      amplitude_statistics: amplitudeStatistics(spec),
      features40: concatColumns([mfccs, centroid, chroma, contrast]),
      spectral_bandwidth: spectralBandwidth(spec),
      spectral_rolloff: spectralRolloff(spec),
      spectral_flatness: spectralFlatness(spec),
      onset_strength: onset,
      tempo_frames: localTempo(onset, { sr }),
      tempogram_ratio: tempogramRatio(onset, { sr }),
      melspectrogram40_db: melBandsDb(spec),
    },
  };
}
