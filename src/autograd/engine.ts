/**
 * Reverse-mode automatic differentiation.
 *
 * Ops call `record` to create their output; while gradients are enabled and an input requires
 * them, the output remembers its inputs and backward closure. `backward(root)` visits the graph in
 * reverse topological order and, for every node, asks its closure for the input gradients. This
 * file alone (a) un-broadcasts gradients of broadcasting ops back to their inputs' shapes and
 * (b) accumulates gradients of tensors used more than once — op files never do either.
 */
import { broadcastStrides, formatShape, sameShape, shapeSize, stridedOffset, stridesOf, type ShapeLike } from './shape.js';
import { Tensor, allocateLike, type BackwardFn, type Data, type Shape } from './tensor.js';

let gradEnabled = true;

/** Run `fn` without recording a graph (inference, optimiser updates). Nests and restores. */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Throw naming `op` and every input's dtype and shape unless all inputs have the same dtype. */
export function checkDtypes(op: string, inputs: readonly Tensor[]): void {
  const dtype = inputs[0].dtype;
  for (const t of inputs) {
    if (t.dtype !== dtype) {
      throw new Error(`${op}: mixed dtypes ${inputs.map((x) => `${x.dtype}${formatShape(x.shape)}`).join(', ')}; convert inputs to one dtype first`);
    }
  }
}

/**
 * Create the output tensor of an op and, when needed, its graph node.
 * `broadcast: true` declares that `backward` returns gradients in the output's shape, which the
 * engine then sums down to each input's shape.
 */
export function record(op: string, data: Data, shape: Shape, inputs: readonly Tensor[], backward: BackwardFn, options: { broadcast?: boolean } = {}): Tensor {
  const needsGrad = gradEnabled && inputs.some((t) => t.requiresGrad);
  if (!needsGrad) return new Tensor(data, shape);
  return new Tensor(data, shape, { node: { op, inputs, backward, broadcast: options.broadcast ?? false } });
}

/**
 * Back-propagate from `root`. A non-scalar root needs `seed` (dL/droot, same size as root).
 * Leaves with `requiresGrad` get `grad` (added to any gradient already there).
 */
export function backward(root: Tensor, seed?: Data): void {
  if (seed === undefined && root.size !== 1) {
    throw new Error(`backward: root ${root.node?.op ?? 'leaf'} has shape ${formatShape(root.shape)}; pass a seed gradient for a non-scalar root`);
  }
  if (seed !== undefined && seed.length !== root.size) {
    throw new Error(`backward: seed of length ${seed.length} does not match root shape ${formatShape(root.shape)}`);
  }
  if (!root.requiresGrad) {
    throw new Error(`backward: root ${formatShape(root.shape)} does not require grad (no input requires grad, or it was computed under noGrad)`);
  }
  const order = topologicalOrder(root);
  const grads = new Map<Tensor, Data>();
  grads.set(root, seed ?? allocateLike(root.data).fill(1));

  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i];
    const g = grads.get(t);
    if (g === undefined) continue;
    grads.delete(t);
    if (t.node === null) {
      t.grad = t.grad === null ? g.slice() : addInto(t.grad, g);
      continue;
    }
    const { op, inputs, broadcast } = t.node;
    const inputGrads = t.node.backward(g);
    for (let k = 0; k < inputs.length; k++) {
      const input = inputs[k];
      let gi = inputGrads[k];
      if (!input.requiresGrad || gi === null || gi === undefined) continue;
      if (broadcast && !sameShape(input.shape, t.shape)) gi = unbroadcast(gi, t.shape, input.shape);
      if (gi.length !== input.size) {
        throw new Error(`backward of ${op}: gradient for input ${k} has ${gi.length} elements, input shape ${formatShape(input.shape)}`);
      }
      const existing = grads.get(input);
      grads.set(input, existing === undefined ? gi : addFresh(existing, gi));
    }
  }
}

/** Tensors reachable from `root` through graph nodes, each after all of its inputs (iterative DFS). */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, next] = top;
    const inputs = t.node?.inputs ?? [];
    if (next < inputs.length) {
      top[1] = next + 1;
      const child = inputs[next];
      if (child.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}

/** a + b into a new buffer (the two may be referenced elsewhere, so neither is written). */
function addFresh(a: Data, b: Data): Data {
  const out = allocateLike(a);
  for (let i = 0; i < a.length; i++) out[i] = a[i] + b[i];
  return out;
}

/** a += b in place (a is owned by the leaf). */
function addInto(a: Data, b: Data): Data {
  for (let i = 0; i < a.length; i++) a[i] += b[i];
  return a;
}

/**
 * Sum a gradient of the broadcast shape `fromShape` down to `toShape` (the input's shape before
 * broadcasting): every output element adds into the input element it was read from.
 */
export function unbroadcast(g: Data, fromShape: ShapeLike, toShape: ShapeLike): Data {
  const out = allocateLike(g, shapeSize(toShape));
  const rank = fromShape.length;
  const readStrides = broadcastStrides(toShape, fromShape);
  // Fast path: `toShape` equals the trailing dims of `fromShape` (e.g. a bias [C] under [B, T, C]).
  const inner = out.length;
  const trailing = rank >= toShape.length && toShape.every((d, i) => d === fromShape[rank - toShape.length + i]);
  if (trailing) {
    for (let base = 0; base < g.length; base += inner) {
      for (let j = 0; j < inner; j++) out[j] += g[base + j];
    }
    return out;
  }
  const fromStrides = stridesOf(fromShape);
  for (let i = 0; i < g.length; i++) out[stridedOffset(i, fromStrides, readStrides)] += g[i];
  return out;
}
