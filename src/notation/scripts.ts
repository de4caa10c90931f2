// Scripts in LaTeX: where they are (teach/latex.ts writes no shape under a name in an exponent) and
// how they are typeset so that every text stays readable (UI.md: 11 px at least), for the
// explanation (ui/ExplainView.tsx) and every other formula (ui/Typeset.tsx). Pure text, no KaTeX.

/** the LaTeX command that starts at i (a backslash and its letters, or the one character after it) */
const commandAt = (latex: string, i: number) => /^\\(?:[A-Za-z]+|.)/.exec(latex.slice(i))![0];

/** Is this position of a LaTeX string inside a script's braces (^{…}, _{…})? */
export function inScript(latex: string, at: number): boolean {
  const opens: boolean[] = [];
  for (let j = 0; j < at; j++) {
    const c = latex[j];
    if (c === "\\") j += commandAt(latex, j).length - 1;
    else if (c === "{") opens.push(latex[j - 1] === "^" || latex[j - 1] === "_");
    else if (c === "}") opens.pop();
  }
  return opens.includes(true);
}

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
      const cmd = commandAt(latex, i);
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
