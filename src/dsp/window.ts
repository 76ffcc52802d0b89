/**
 * Periodic Hann window, `w[n] = 0.5 - 0.5 * cos(2*pi*n / length)` for n = 0..length-1, as float64.
 * = `scipy.signal.get_window('hann', length, fftbins=True)`, the window `librosa.stft` uses by
 * default (`window='hann'`). "Periodic" means the window of length+1 with its last sample dropped,
 * so `w[0] = 0` and `w[length/2] = 1`; it is not the symmetric `numpy.hanning`.
 */
export function hannWindow(length: number): Float64Array {
  const w = new Float64Array(length);
  for (let n = 0; n < length; n++) w[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / length);
  return w;
}
