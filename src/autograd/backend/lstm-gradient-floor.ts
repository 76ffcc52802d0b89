/**
 * Gradients below this magnitude leave every backend's float32 `lstmBackward` as zeros (the SIMD
 * gate kernel and the plain loops of `lstm-loops.ts`; float64 runs keep them). Back-propagated through
 * hundreds of steps, δc and dz shrink geometrically into float32's subnormal range (below 2⁻¹²⁶),
 * where every product that reads them runs a hundred times slower on CPUs that assist subnormal
 * arithmetic in microcode (Intel; docs/performance.md). 2⁻¹⁰⁰ leaves 26 bits of headroom, so a
 * flushed gradient times a weight above 2⁻²⁶ stays normal in the products after it. TensorFlow's
 * CPU kernels flush subnormals too (FTZ/DAZ); what is lost is below 10⁻³⁰ of a gradient.
 */
export const LSTM_GRADIENT_FLOOR = 2 ** -100;
