export { Tensor, allocate, allocateLike, type BackwardFn, type Data, type DType, type GraphNode, type Shape } from './tensor.js';
export { backward, isGradEnabled, noGrad, record, unbroadcast } from './engine.js';
export { broadcastShapes, formatShape, sameShape, shapeSize } from './shape.js';
export { getBackend, setBackend, withBackend, type Backend, type Conv1dGrads, type Conv1dShape, type LstmCache, type LstmGrads, type LstmShape, type PoolShape } from './backend/backend.js';
export { referenceBackend } from './backend/reference.js';
export { Rng } from './random.js';
export * from './ops/index.js';
