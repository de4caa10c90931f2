// Typeset LaTeX whose every text stays readable (UI.md: 11 px at least), for the explanation
// (teach/latex.ts) and every other formula typeset (ui/Typeset.tsx): pure text, no KaTeX.

/**
 * The LaTeX to typeset, with every script inside another script set at script size. KaTeX, as TeX,
 * sets a second-level script at half size: x₀,₀ in an exponent (e^{−x_{0,0}}), the i of y_{i,t_i},
 * a shape under a name in an exponent; in a 14 px line that is 8.5 px, under the 11 px that UI.md
 * asks of every text. Copy as LaTeX keeps the plain source: this is for the screen only.
 */
export function readableScripts(latex: string): string {
  let out = "";
  // for each open brace, whether it opens a script; how many scripts are open
  const opens: boolean[] = [];
  let depth = 0;
  let script = false;
  for (let i = 0; i < latex.length; i++) {
    const c = latex[i];
    if (c === "\\") {
      const cmd = /^\\(?:[A-Za-z]+|.)/.exec(latex.slice(i))![0];
      i += cmd.length - 1;
      // a script written without braces as a command (x_\alpha) is left as it is
      script = false;
      out += cmd;
      // \underset{under}{base}: its first argument is set as a script
      if (cmd === "\\underset" || cmd === "\\overset") script = true;
      continue;
    }
    if (c === "^" || c === "_") {
      out += c;
      script = true;
    } else if (c === "{") {
      opens.push(script);
      out += script && depth > 0 ? "{\\scriptstyle " : c;
      if (script) depth++;
      script = false;
    } else if (c === "}") {
      if (opens.pop()) depth--;
      out += c;
    } else if (script && c.trim()) {
      // one character, unbraced: t_i
      out += depth > 0 ? `{\\scriptstyle ${c}}` : c;
      script = false;
    } else out += c;
  }
  return out;
}
