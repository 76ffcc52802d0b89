/** Checks of the SVG figures: well-formedness without a parser, and the texts they show. */
import * as assert from 'uvu/assert';

/** Throw unless every tag of `svg` is closed in order (a well-formedness check without a parser). */
export function assertWellFormed(svg: string): void {
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), 'root element');
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)((?:[^>"]|"[^"]*")*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) assert.is(stack.pop(), name, `closing </${name}>`);
    else stack.push(name);
  }
  assert.equal(stack, [], 'unclosed elements');
  assert.not.match(svg.replace(/&(amp|lt|gt|quot);/g, ''), /&/, 'unescaped &');
  assert.not.match(svg, /NaN|undefined|Infinity/);
}

/** The contents of the figure's <text> elements, in order. */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}
