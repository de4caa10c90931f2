// The engine writes its messages in English (its command line and tests read them); a Japanese
// learner reads them here in Japanese. Each entry is one English message with named parts and its
// Japanese; a part called {msg} is itself a message and is translated in turn, so "MatMul: …",
// "nodes[0].data.value: …" and "… — did you mean "X"?" are one entry each around the rest.
// Anything unmatched stays English, whole: never half translated. engineMessages.test.ts runs the
// engine into every message it can write and holds each to an entry here.
import { OPS } from "../engine/ops";
import { currentLanguage } from "./core";

type Entry = readonly [en: string, ja: string];

/** What each kind of part matches (by its name without digits); anything else matches lazily. */
const PART: Record<string, string> = {
  op: `(?:${OPS.map((o) => o.type).join("|")})`,
  // a path into a file or a value: nodes[0].data.value, optimizer.state.slots["my id"], the file
  where: String.raw`(?:the file|…?(?:[A-Za-z_$][\w$]*|\[(?:\d+|"(?:[^"\\]|\\.)*(?:"|…))\])(?:\.[A-Za-z_$][\w$]*|\[(?:\d+|"(?:[^"\\]|\\.)*(?:"|…))\])*)`,
  msg: "(.+)",
  detail: "(.+)",
  // a part that may hold ": " itself
  text: "(.+?)",
};

/** Words the engine puts into its messages as values. */
const WORDS: Record<string, string> = {
  "the file": "ファイル",
  "a list": "リスト",
  "an object": "オブジェクト",
  nothing: "なし",
  English: "英語",
  Japanese: "日本語",
  "random numbers": "乱数",
  empty: "空欄",
  "the result": "結果",
};

/** "MatMul: …", "nodes[0].data.value: …", "the file: …": where it is, then what is wrong there. */
const WHERE = new RegExp(`^(${PART.where}): (.+)$`, "s");

// Order matters: the first entry that matches wins, so the specific come before the general.
export const ENTRIES: readonly Entry[] = [
  // ---- around any message: tried first, the rest is a message of its own ------------------------------------------------------------------
  ["{msg} (char {n})", "{msg}（{n} 文字目）"],
  ["{msg} — did you mean {q}?", "{msg}（もしかして {q}？）"],

  // ---- ops: shapes and values (src/engine/ops, tensor.ts) ------------------------------------
  ["a {a} and b {b} cannot broadcast", "a {a} と b {b} はブロードキャストできません"],
  ["grad is {g} but x is {x}: grad must have x's shape, or one that broadcasts to it as in numpy", "grad は {g}、x は {x} です: grad は x と同じ形状か、numpy と同じように x へブロードキャストできる形状にしてください"],
  ["{name} must be 2-D {want}, but it is {s}", "{name} は 2 次元の {want} でなければなりませんが、{s} です"],
  ["{name} must be {a} or {b}, but it is {s}", "{name} は {a} か {b} でなければなりませんが、{s} です"],
  ["{x} is {a} but {w} is {b}: inner sizes {n} and {m} differ", "{x} は {a}、{w} は {b} で、内側のサイズ {n} と {m} が違います"],
  ["b is {b} but {w} is {ws}: b needs ({h},)", "b は {b}、{w} は {ws} です: b は ({h},) にしてください"],
  ["x has {n} rows but h_prev has {m}: they must be the same batch", "x は {n} 行、h_prev は {m} 行です: 同じバッチサイズにしてください"],
  ["Wh is {a} but Wx is {b}: Wh must be ({h}, {h2})", "Wh は {a}、Wx は {b} です: Wh は ({h}, {h2}) にしてください"],
  ["t is {t} but x is {x}: t must be one-hot {oh} or class indices ({n},)", "t は {t}、x は {x} です: t は one-hot の {oh} か、クラス番号の ({n},) にしてください"],
  ["t is {t} but x is {x}: t needs {n} numbers", "t は {t}、x は {x} です: t には {n} 個の数が必要です"],
  ["t is {t} but x is {x}: they must have the same shape", "t は {t}、x は {x} です: 同じ形状にしてください"],
  ["t[{i}] is {v}; a class index must be a whole number from 0 to {max}", "t[{i}] が {v} です: クラス番号は 0 から {max} までの整数にしてください"],
  ["t[{i}] is {v}; targets must lie between 0 and 1", "t[{i}] が {v} です: 正解は 0 以上 1 以下にしてください"],
  ["x is a single number; Repeat needs at least one axis", "x はただ 1 つの数です: Repeat には軸が少なくとも 1 つ必要です"],
  ["x is a single number; give axis: none (all axes) to sum it", "x はただ 1 つの数です: 足し合わせるには axis を空欄（すべての軸）にしてください"],
  ["x {s} is a single number; softmax needs at least one axis", "x {s} はただ 1 つの数です: softmax には軸が少なくとも 1 つ必要です"],
  ["axis {a} is out of range for x of shape {s}", "axis {a} は、形状 {s} の x の範囲外です"],
  ["the result would have {n} elements, more than the limit {max}", "結果の要素数が {n} になり、上限 {max} を超えます"],

  // ---- why a value is NaN or infinite (executor.ts nonFiniteReason, each op's whyNonFinite) ----
  ["out is {what}: {msg}", "出力が {what} です: {msg}"],
  ["out[{at}] is {what}: {msg}", "出力 out[{at}] が {what} です: {msg}"],
  ["its input {port} already holds NaN or ∞", "入力 {port} がすでに NaN か ∞ を含んでいます"],
  ["ln of a negative number is not a number: {at}", "負の数の ln は数になりません: {at}"],
  ["ln 0 is −∞: {at}", "ln 0 は −∞ です: {at}"],
  ["division by zero: {at}", "0 で割っています: {at}"],
  ["0 / 0 gives no number: {at}", "0 / 0 は数になりません: {at}"],
  ["e^x overflows float64 for x above 709.78: {at}", "x が 709.78 を超えると e^x は float64 であふれます: {at}"],
  ["the result is too large for float64 (beyond ±1.8e308)", "結果が float64 には大きすぎます（±1.8e308 を超えます）"],

  // ---- the executor, the gradient check, training (executor.ts, gradcheck.ts, train.ts, worker) --
  ["missing input {ports}", "入力 {ports} がつながっていません"],
  ["missing inputs {ports}", "入力 {ports} がつながっていません"],
  ["the graph has a cycle: {cycle}", "グラフに循環があります: {cycle}"],
  ["the graph needs {n} numbers ({size}) in its tensors; the limit is {max}", "テンソルに {n} 個の数 ({size}) が必要ですが、上限は {max} です"],
  ["nothing to differentiate: node {q} errs ({msg})", "微分するものがありません: ノード {q} がエラーです（{msg}）"],
  ["nothing to differentiate: the graph has no node that runs", "微分するものがありません: 計算できるノードがありません"],
  ["it also feeds a loss's target t, whose gradient is left out by definition (OPS.md): its gradient is not the loss's derivative", "損失の正解 t にもつながっています。t の勾配は定義により省かれる（OPS.md）ので、この勾配は損失の導関数ではありません"],
  ["no gradient reaches it", "勾配が届きません"],
  ["{n} of {m} elements checked, spread evenly", "{m} 個の要素から均等に選んだ {n} 個を確かめました"],
  ["training diverged at step {n}: {msg}", "ステップ {n} で学習が発散しました: {msg}"],
  ["loss is {v}", "損失が {v} になりました"],
  ["{id} became {v}", "{id} が {v} になりました"],
  ["nothing to train: the graph has no Param node", "学習するものがありません: グラフに Param ノードがありません"],
  ["cannot train: node {q} errs: {msg}", "学習できません: ノード {q} がエラーです: {msg}"],
  ["the training worker failed", "学習用のワーカーが止まりました"],
  ["a message from the training worker could not be read", "学習用のワーカーからのメッセージを読めませんでした"],

  // ---- wiring (wiring.ts, state/doc.ts) ---------------------------------------------------
  ["{q} is {a} {type} node, which has no output to wire from", "{q} は {type} ノードで、配線できる出力がありません"],
  ["{type} has one output, \"out\", not {q}", "{type} の出力は \"out\" の 1 つだけで、{q} ではありません"],
  ["{q} is {a} {type}, which takes no inputs", "{q} は {type} で、入力をとりません"],
  ["expected the input port's name ({list})", "入力端子の名前が必要です（{list}）"],
  ["{type} has no input {q} (its inputs: {list})", "{type} に入力 {q} はありません（入力: {list}）"],
  ["that node no longer exists", "そのノードはもうありません"],
  ["That wire would make a cycle ({cycle}): values must flow one way.", "その配線では循環ができます ({cycle})。値は一方向にしか流れません。"],

  // ---- Slice, Concat, Stack (ops/slicing.ts) ----------------------------------------------
  ["x is a single number; Slice needs at least one axis", "x はただ 1 つの数です: Slice には軸が少なくとも 1 つ必要です"],
  ["give index (one step, the axis dropped) or start and stop (a range, the axis kept), not both", "index（1 ステップ分、軸はなくなる）か start と stop（範囲、軸は残る）のどちらか一方を指定してください"],
  ["index {i} is out of range for axis {a} of size {n} (x is {s})", "index {i} は、サイズ {n} の軸 {a} の範囲外です（x は {s}）"],
  ["{range} takes nothing from axis {a} of size {n} (x is {s})", "{range} では、サイズ {n} の軸 {a} から何も取り出せません（x は {s}）"],
  ["a is {a} and b is {b}: single numbers have no axis to join along (Stack makes one)", "a は {a}、b は {b} です: ただ 1 つの数にはつなぐ軸がありません（Stack なら軸を作ります）"],
  ["a is {a} and b is {b}: Concat needs the same number of axes (Stack adds one)", "a は {a}、b は {b} です: Concat には同じ数の軸が必要です（Stack なら軸を 1 つ加えます）"],
  ["a is {a} and b is {b}: they must agree on every axis but {n}", "a は {a}、b は {b} です: 軸 {n} 以外のすべての軸でサイズをそろえてください"],
  ["a is {a} and b is {b}: Stack needs a of b's shape (to stack them) or b's shape with axis {n} added (to append b to it)", "a は {a}、b は {b} です: Stack の a は、b と同じ形状（積み重ねる）か、b の形状に軸 {n} を加えた形状（b を後ろに追加する）にしてください"],
  ["axis {a} is out of range for a of shape {s}", "axis {a} は、形状 {s} の a の範囲外です"],
  ["axis {a} is out of range for the result of stacking b of shape {s} (it has {n} axes)", "axis {a} は、形状 {s} の b を積み重ねた結果（軸は {n} 個）の範囲外です"],

  // ---- formulas: Expr, Expr2 (engine/formula, notation/formula.ts, format.ts) -----------------
  ["unknown name {q} in the formula: its input is {port}", "式の中の {q} という名前はわかりません: 入力は {port} です"],
  ["unknown name {q} in the formula: its inputs are {ports} and {last}", "式の中の {q} という名前はわかりません: 入力は {ports} と {last} です"],
  ["the formula's derivative in {port} is too large to build; write it shorter", "{port} についての式の導関数が大きすぎて作れません: 式を短くしてください"],
  ["the formula is too long (more than {n} parts)", "式が長すぎます（部分が {n} 個より多い）"],
  ["the formula is nested too deeply (more than {n} levels)", "式の入れ子が深すぎます（{n} 段より多い）"],
  ["the formula is nested too deeply (more than {n} brackets)", "式の入れ子が深すぎます（括弧が {n} 重より多い）"],
  ["not a formula", "式ではありません"],
  ["an unknown constant", "知らない定数です"],
  ["a variable must be a name", "変数は名前でなければなりません"],
  ["the formula is empty: type one, like x^2 * sin(x)", "式が空です: x^2 * sin(x) のように入力してください"],
  ["the formula is empty", "式が空です"],
  ["the formula is longer than {n} characters", "式が {n} 文字より長くなっています"],
  ["the formula has {n} characters, more than the limit {max}", "式が {n} 文字あり、上限 {max} を超えています"],
  ['expected a formula as a string, like "x^2 * sin(x)", got {v}', '"x^2 * sin(x)" のような文字列の式が必要ですが、{v} です'],
  ["cannot read the formula: {detail}", "式を読み取れません: {detail}"],
  ["operator {q} is not allowed in a formula (use + - * / ^)", "演算子 {q} は式の中では使えません（+ - * / ^ を使ってください）"],
  ["{expr} is not a function call a formula can make", "{expr} は式の中でできる関数呼び出しではありません"],
  ["{name} takes one argument, like {example}", "{name} がとる引数は {example} のように 1 つです"],
  ['one formula only (no ";" or several lines)', '式は 1 つだけにしてください（";" や複数行は使えません）'],
  ["a formula cannot assign: write only the right-hand side, like x^2 * sin(x)", "式では代入できません: x^2 * sin(x) のように右辺だけを書いてください"],
  ["indexing ({expr}) is not allowed in a formula", "式の中では添字 ({expr}) は使えません"],
  ["conditions (? :) are not allowed in a formula", "式の中では条件 (? :) は使えません"],
  ["{expr} is not allowed in a formula: use numbers, the inputs, + - * / ^ and {list}", "{expr} は式の中では使えません: 数、入力、+ - * / ^ と {list} を使ってください"],

  // ---- datasets (values.ts, notation/valueText.ts) ------------------------------------------
  ["a dataset has no field {q} (it has: {list})", "データセットにフィールド {q} はありません（あるのは {list}）"],
  ["expected one of {list}, got {v}", "{list} のどれかが必要ですが、{v} です"],
  ["{name} has {n} classes, got {v}", "{name} のクラス数は {n} です（{v} が指定されました）"],
  ["expected a whole number from {a} to {b}, got {v}", "{a} から {b} までの整数が必要ですが、{v} です"],
  ["expected a number from 0 to {max}, got {v}", "0 から {max} までの数が必要ですが、{v} です"],
  ["the points of {name} have the shape [N, 2], got {v}", "{name} の点の形状は [N, 2] ですが、{v} です"],
  ["the labels of {name} have the shape [N], got {v}", "{name} のラベルの形状は [N] ですが、{v} です"],
  ["the labels of {name} have the shape [N, {c}] (one column per class), got {v}", "{name} のラベルの形状は [N, {c}]（クラスごとに 1 列）ですが、{v} です"],
  ["expected a whole number of points from 1 to {max}, got {v}", "点の数として 1 から {max} までの整数が必要ですが、{v} です"],
  ["only a dataset's points can be scaled, not its labels", "scale をかけられるのはデータセットの点だけで、ラベルにはかけられません"],
  ["{name} takes the number of points, like {e1} or {e2}", "{name} がとるのは点の数です: {e1} や {e2} のように書きます"],
  ["{name} takes the number of points, like {e1}", "{name} がとるのは点の数です: {e1} のように書きます"],
  ["the number of points must be a whole number ≥ 1, got {v}", "点の数は 1 以上の整数にしてください（{v} です）"],
  ["{part} takes a dataset, like {example}", "{part} がとるのはデータセットです: {example} のように書きます"],

  // ---- values (values.ts) -----------------------------------------------------------------
  ["{v} is not a finite number", "{v} は有限の数ではありません"],
  ['expected a number, nested arrays of numbers, or a generator like { "init": "randn", "shape": [2, 3] }', '数、数を入れ子にした配列、または { "init": "randn", "shape": [2, 3] } のような生成式が必要です'],
  ["a generator has no field {q} (it has: {list})", "生成式にフィールド {q} はありません（あるのは {list}）"],
  ["a generator has no field {q}", "生成式にフィールド {q} はありません"],
  ["{q} is not a generator (use one of {list}, or a dataset: {datasets})", "{q} は生成式ではありません（{list} のどれか、またはデータセット {datasets} を使ってください）"],
  ["expected a list of sizes like [2, 3]", "[2, 3] のようなサイズのリストが必要です"],
  ["{n} axes is too many (limit {max})", "軸が {n} 個では多すぎます（上限 {max}）"],
  ["expected a whole number ≥ 1, got {v}", "1 以上の整数が必要ですが、{v} です"],
  ["{n} elements is too large (limit {max})", "要素数 {n} は大きすぎます（上限 {max}）"],
  ["eye needs a square shape [n, n]", "eye には正方形の形状 [n, n] が必要です"],
  ["expected a whole number from {a} to {b}", "{a} から {b} までの整数が必要です"],
  ["expected a finite number", "有限の数が必要です"],
  ["full needs a finite number to fill with", "full には埋めるための有限の数が必要です"],
  ['only init "full" takes a fill', 'fill をとるのは init "full" だけです'],
  ["{v} makes numbers too large to be finite", "{v} では数が大きすぎて有限になりません"],
  ["an empty list is not a tensor", "空のリストはテンソルではありません"],
  ["more than {n} axes", "軸が {n} 個より多くあります"],
  ["expected a number, got {v}", "数が必要ですが、{v} です"],
  ["expected a list of {n}, got {v}", "{n} 個の要素のリストが必要ですが、{v} です"],
  ["has {n} entries but the others have {m} (a tensor must be rectangular)", "要素が {n} 個ですが、ほかは {m} 個です（テンソルは長方形でなければなりません）"],

  // ---- the file reader (format.ts, jsonText.ts, optimizerState.ts) ---------------------------
  // where a text is not JSON (jsonText.ts jsonSyntaxProblem): a whole message, so that nothing is left in English
  ["not JSON: {msg}", "JSON ではありません: {msg}"],
  ["the file is empty", "ファイルが空です"],
  ["line {l}, column {c}: {msg}", "{l} 行目の {c} 文字目: {msg}"],
  ["the key {w} needs double quotes: {q}", "キー {w} は二重引用符で囲んでください: {q}"],
  ["a comma with no item after it, before {q} (JSON allows no comma after the last item)", "{q} の前のコンマのあとに項目がありません（JSON では最後の項目のあとにコンマを置けません）"],
  ['expected ":" after the key', 'キーのあとに ":" が必要です'],
  ['expected "," or {q} after the value', '値のあとに "," か {q} が必要です'],
  ["expected a value (a number, text in double quotes, true, false, null, [...] or {...})", "値が必要です（数、二重引用符で囲んだ文字列、true、false、null、[...]、{...} のどれか）"],
  ["expected a key in double quotes", "二重引用符で囲んだキーが必要です"],
  ["text is written in double quotes in JSON, not single quotes", "JSON の文字列は一重引用符ではなく二重引用符で囲みます"],
  ["{q} is not a JSON value (use true, false, null, a number or text in double quotes)", "{q} は JSON の値ではありません（true、false、null、数、二重引用符で囲んだ文字列を使ってください）"],
  ["{q} is not a number as JSON writes one (like 0.5, -2 or 1e-3)", "{q} は JSON の数の書き方ではありません（0.5、-2、1e-3 のように書きます）"],
  ["a line break or control character inside a text in double quotes (write \\n for a line break)", "二重引用符で囲んだ文字列の中に改行か制御文字があります（改行は \\n と書きます）"],
  ['{e} is not an escape JSON knows (use \\n, \\t, \\", \\\\ or \\u and four hexadecimal digits)', '{e} は JSON のエスケープではありません（\\n、\\t、\\"、\\\\、または \\u と 16 進数 4 桁を使ってください）'],
  ["\\u needs four hexadecimal digits, like \\u00e9", "\\u には \\u00e9 のように 16 進数 4 桁が必要です"],
  ["a text in double quotes is not closed", "二重引用符で始まる文字列が閉じていません"],
  ["the file ends too early (a {q} is missing, or the file was cut short)", "ファイルが途中で終わっています（{q} が足りないか、ファイルが途中で切れています）"],
  ["more after the end of the JSON (a file holds one value)", "JSON の終わりのあとに続きがあります（ファイルに書ける値は 1 つだけです）"],
  ["JSON has no comments", "JSON にはコメントを書けません"],
  // a key the file does not have
  ['missing (a Gradflow graph file has "format": "gradflow")', '指定がありません（Gradflow のグラフファイルには "format": "gradflow" があります）'],
  ["missing (expected a whole number like 1)", "指定がありません（1 のような整数が必要です）"],
  ["missing (use one of {list})", "指定がありません（{list} のどれかを使ってください）"],
  ["missing (expected an edge id)", "指定がありません（辺の id が必要です）"],
  ['missing (expected "value", "grad" or "shape")', '指定がありません（"value"、"grad"、"shape" のどれかが必要です）'],
  ["missing (the points of {name} have the shape [N, 2])", "指定がありません（{name} の点の形状は [N, 2] です）"],
  ["missing (the labels of {name} have the shape [N])", "指定がありません（{name} のラベルの形状は [N] です）"],
  ["missing (the labels of {name} have the shape [N, {c}] (one column per class))", "指定がありません（{name} のラベルの形状は [N, {c}]（クラスごとに 1 列）です）"],
  ['expected a JSON object with "format": "gradflow"', '"format": "gradflow" をもつ JSON オブジェクトが必要です'],
  ['expected "gradflow", got {v}', '"gradflow" が必要ですが、{v} です'],
  ["expected a whole number like 1, got {v}", "1 のような整数が必要ですが、{v} です"],
  ["{v} is newer than this Gradflow reads ({n})", "{v} は、この Gradflow が読める版 ({n}) より新しい版です"],
  ["expected a string", "文字列が必要です"],
  ["expected a list of nodes", "ノードのリストが必要です"],
  ["expected a list of edges", "辺のリストが必要です"],
  ["{q} is already the id of another group", "{q} はすでに別のグループの id です"],
  ["{q} is already the id of {other}", "{q} はすでに {other} の id です"],
  ["input {port} of node {q} already has an edge ({e}); an input takes one edge", "ノード {q} の入力 {port} にはすでに辺があります ({e})。1 つの入力につなげる辺は 1 本だけです"],
  ['expected { "x": number, "y": number, "zoom": number > 0 }', '{ "x": 数, "y": 数, "zoom": 0 より大きい数 } が必要です'],
  ["expected an object with id, type and data", "id、type、data をもつオブジェクトが必要です"],
  ["expected a non-empty string", "空でない文字列が必要です"],
  ['expected an op name such as "MatMul"', '"MatMul" のような演算の名前が必要です'],
  ["unknown op {q}", "{q} という演算はありません"],
  ['expected { "x": number, "y": number }', '{ "x": 数, "y": 数 } が必要です'],
  ["expected an object of parameters", "パラメータのオブジェクトが必要です"],
  ["missing ({a} {type} needs a {name})", "指定がありません（{type} には {name} が必要です）"],
  ["expected a whole number, got {v}", "整数が必要ですが、{v} です"],
  ["expected a whole number or null (all axes), got {v}", "整数か null（すべての軸）が必要ですが、{v} です"],
  ["must be at least {n}, got {v}", "{n} 以上にしてください（{v} です）"],
  ["must be at most {n}, got {v}", "{n} 以下にしてください（{v} です）"],
  ["expected a finite number, got {v}", "有限の数が必要ですが、{v} です"],
  ["expected true or false, got {v}", "true か false が必要ですが、{v} です"],
  ["expected true or false", "true か false が必要です"],
  ["expected an object with id, source, target and targetHandle", "id、source、target、targetHandle をもつオブジェクトが必要です"],
  ["expected a node id, got {v}", "ノードの id が必要ですが、{v} です"],
  ["expected a node id", "ノードの id が必要です"],
  ["no node or edge {q}", "ノードにも辺にも {q} はありません"],
  ["no node {q}", "ノード {q} はありません"],
  ["no edge {q}", "辺 {q} はありません"],
  ['expected { "type": "SGD", "lr": 0.01 }', '{ "type": "SGD", "lr": 0.01 } の形が必要です'],
  ["unknown optimizer {q} (use one of {list})", "{q} という最適化手法はありません（{list} のどれかを使ってください）"],
  ["unknown optimizer {q}", "{q} という最適化手法はありません"],
  ["{opt} has no setting {q} (its settings: {list})", "{opt} に設定 {q} はありません（設定: {list}）"],
  ["expected a number in {range}, got {v}", "{range} の範囲の数が必要ですが、{v} です"],
  ["{q} is an Output node, which has no output to differentiate", "{q} は Output ノードで、微分する出力がありません"],
  ['expected a list of { "id", "label", "nodes", "collapsed" }', '{ "id", "label", "nodes", "collapsed" } のリストが必要です'],
  ['expected { "id", "label", "nodes", "collapsed" }', '{ "id", "label", "nodes", "collapsed" } が必要です'],
  ["expected a list of node ids", "ノードの id のリストが必要です"],
  ["node {q} is already in group {g}; a node is in at most one group", "ノード {q} はすでにグループ {g} に入っています。1 つのノードが入れるグループは 1 つだけです"],
  ['expected { "en": "…", "ja": "…" }', '{ "en": "…", "ja": "…" } が必要です'],
  ['a text has "en" and "ja"', 'テキストにあるのは "en" と "ja" だけです'],
  ["expected the {lang} text as a string", "{lang}のテキストを文字列で書いてください"],
  ['expected { "title": {...}, "steps": [...] }', '{ "title": {...}, "steps": [...] } が必要です'],
  ["expected a list of at least one step", "1 つ以上のステップのリストが必要です"],
  ['expected { "text": {...}, "highlight": [...], "predict": {...} }', '{ "text": {...}, "highlight": [...], "predict": {...} } が必要です'],
  ["expected a list of node and edge ids", "ノードと辺の id のリストが必要です"],
  ['expected { "edge": "e3", "what": "grad" }', '{ "edge": "e3", "what": "grad" } が必要です'],
  ['expected "value", "grad" or "shape", got {v}', '"value"、"grad"、"shape" のどれかが必要ですが、{v} です'],
  ["the key {q} appears twice (a key may be written once)", "キー {q} が 2 回出てきます（キーは 1 回しか書けません）"],
  ["nested deeper than a graph file can be (more than {n} levels)", "グラフのファイルとしては入れ子が深すぎます（{n} 段より深い）"],
  ['expected { "t": steps taken, "slots": { "<param id>": { {text} } } }', '{ "t": 進んだステップ数, "slots": { "<param id>": { {text} } } } が必要です'],
  ["the state has t and slots, nothing else", "状態にあるのは t と slots だけです"],
  ["expected the steps taken, a whole number ≥ 0, got {v}", "進んだステップ数（0 以上の整数）が必要ですが、{v} です"],
  ["expected an object keyed by Param id, got {v}", "Param の id をキーとするオブジェクトが必要ですが、{v} です"],
  ["the graph has no Param with this id", "この id の Param はグラフにありません"],
  ["expected an object of slots ({msg}), got {v}", "スロットのオブジェクト（{msg}）が必要ですが、{v} です"],
  ["no such slot ({msg})", "そのスロットはありません（{msg}）"],
  ["missing {slot} ({msg})", "{slot} がありません（{msg}）"],
  ["{opt} keeps {a} and {b} for a Param", "{opt} は Param ごとに {a} と {b} を保持します"],
  ["{opt} keeps {a} for a Param", "{opt} は Param ごとに {a} を保持します"],
  ["{opt} keeps no state", "{opt} は状態を保持しません"],
  ["lists nested deeper than a tensor can be ({n} axes)", "リストの入れ子がテンソルとしては深すぎます（{n} 軸まで）"],
  ["shape {s} but the Param {id} is {s2}", "形状が {s} ですが、Param {id} は {s2} です"],

  // ---- graph transforms: unroll an RNN, roll it up, expand to scalars (engine/transforms) ------
  ["there is no node {q}", "ノード {q} はありません"],
  ["there is no group {q}", "グループ {q} はありません"],
  ["{q} is {a} {type} node: only an RNN cell unrolls", "{q} は {type} ノードです: 展開できるのは RNN のセルだけです"],
  ["the number of steps T must be a whole number from {a} to {max}, not {v}", "ステップ数 T は {a} から {max} までの整数にしてください（{v} ではなく）"],
  ["the RNN is in the group {g}: take it out of the group first", "RNN はグループ {g} に入っています: 先にグループから出してください"],
  ["wire the RNN's {port} first: every step needs it", "先に RNN の {port} を配線してください: どのステップにも必要です"],
  ["the graph cannot run: {msg}", "グラフを計算できません: {msg}"],
  ["the RNN has to run before it unrolls: {msg}", "展開する前に、RNN が計算できるようにしてください: {msg}"],
  ["a node before it has an error", "その前のノードにエラーがあります"],
  ["the sequence {q} has {n} steps along axis {a}; from index {k} on there are {m}, so T can be at most {m2}", "系列 {q} は軸 {a} に沿って {n} ステップあります。index {k} から先は {m} ステップなので、T は {m2} までです"],
  ["x comes from the {type} node {q}: to unroll, x must come from an Input (each step gets its own copy) or from a Slice of a sequence (each step takes the next index)", "x は {type} ノード {q} から来ています: 展開するには、x を Input（各ステップが自分の複製をもつ）か、系列の Slice（各ステップが次の index を取り出す）から取ってください"],
  ["the group {g} is not an unrolled RNN: it has no chain of RNN steps", "グループ {g} は展開した RNN ではありません: RNN のステップの連なりがありません"],
  ["the group {g} is not an unrolled RNN: its RNN steps are not one chain", "グループ {g} は展開した RNN ではありません: RNN のステップが 1 本につながっていません"],
  ["the group {g} is not an unrolled RNN: h of {q} feeds {n} steps", "グループ {g} は展開した RNN ではありません: {q} の h が {n} 個のステップにつながっています"],
  ["the steps do not share one {w} ({q} reads another): they are not one cell unrolled", "ステップが 1 つの {w} を共有していません（{q} は別のものを読んでいます）: 1 つのセルを展開したものではありません"],
  ["the stacked h ({q}) feeds {q2}: rolled up, only the last h would be left; remove that edge first", "積み重ねた h（{q}）が {q2} につながっています: 折りたたむと最後の h しか残りません。先にその辺を削除してください"],
  ["h of {q} feeds {q2}: rolled up, only the last h would be left; remove that edge first", "{q} の h が {q2} につながっています: 折りたたむと最後の h しか残りません。先にその辺を削除してください"],
  ["{type} does not expand to scalars: MatMul, Affine, Sigmoid and Softmax do", "{type} はスカラーに分解できません: 分解できるのは MatMul, Affine, Sigmoid, Softmax です"],
  ["{q} is in the group {g}: take it out of the group first", "{q} はグループ {g} に入っています: 先にグループから出してください"],
  ["wire {id}'s {port} first", "先に {id} の {port} を配線してください"],
  ["{q} has to run before it expands: its {port} has no value", "分解する前に、{q} が計算できるようにしてください: {port} に値がありません"],
  ["{q} has to run before it expands: {msg}", "分解する前に、{q} が計算できるようにしてください: {msg}"],
  ["{what} is {s}: {n} numbers; expanding to scalars takes at most {max} (3×3), so that the picture stays one a learner can follow", "{what} は {s} で、数が {n} 個あります: 図を目で追える大きさに保つため、スカラーに分解できるのは {max} 個（3×3）までです"],
  ["Softmax expands on (C,) or (N, C) scores, not {s}", "Softmax を分解できるのは (C,) か (N, C) のスコアです（{s} ではなく）"],
  ["a score is {v}: the scalar graph computes e^x without subtracting the maximum, and e^x overflows above {n}", "スコアに {v} があります: スカラーのグラフは最大値を引かずに e^x を計算するので、{n} を超えると e^x があふれます"],
  ["the lesson refers to the edge {q}, which expanding would remove", "レッスンが辺 {q} を参照していますが、分解するとこの辺はなくなります"],

  // ---- what a learner types in the Value box (notation/valueText.ts), and mathjs's own words ----
  ["type a number, a list like [[1, 2], [3, 4]], or a generator like randn(5, 10)", "数、[[1, 2], [3, 4]] のようなリスト、または randn(5, 10) のような生成式を入力してください"],
  ["cannot read it: {detail}", "読み取れません: {detail}"],
  ["{detail}: write a shape as zeros(2, 3) or zeros([2, 3])", "{detail}: 形状は zeros(2, 3) か zeros([2, 3]) のように書いてください"],
  ["too deeply nested (more than {n} brackets)", "入れ子が深すぎます（括弧が {n} 重より多い）"],
  ['one value only (no ";" or several lines): {msg}', '値は 1 つだけにしてください（";" や複数行は使えません）: {msg}'],
  ["{expr} gives {v}, not a finite number", "{expr} は {v} になり、有限の数ではありません"],
  ["{q} is text, not a number", "{q} は文字列で、数ではありません"],
  ["{v} is not a number", "{v} は数ではありません"],
  ["{name} is a function: call it, like {example}", "{name} は関数です: {example} のように呼び出してください"],
  ["unknown name {q} — did you mean {q2}? ({msg})", "{q} という名前はありません（もしかして {q2}？）: {msg}"],
  ["unknown name {q} ({msg})", "{q} という名前はありません: {msg}"],
  ['"=" only names an argument, as in randn(5, 10, seed=1)', '"=" は randn(5, 10, seed=1) のように引数に名前を付けるときだけ使います'],
  ["defining functions is not supported here: {msg}", "ここでは関数を定義できません: {msg}"],
  ["ranges like 1:3 are not supported here: write the list, [1, 2, 3]", "ここでは 1:3 のような範囲は使えません: [1, 2, 3] のようにリストで書いてください"],
  ["indexing ({expr}) is not supported here: {msg}", "ここでは添字 ({expr}) は使えません: {msg}"],
  ["{text} is not a value: {msg}", "{text} は値ではありません: {msg}"],
  ["{expr} is not a function name: {msg}", "{expr} は関数の名前ではありません: {msg}"],
  ["{operator} works on numbers only here: a tensor can only be scaled, like randn(3) * 0.5", "ここでは {operator} は数にしか使えません: テンソルにできるのは randn(3) * 0.5 のような数倍だけです"],
  ["only a number can scale a tensor ({expr}): multiplying tensors is a Mul or MatMul node's job", "テンソルに掛けられるのは数だけです ({expr}): テンソルどうしの積は Mul か MatMul ノードの役目です"],
  ["only a number can divide here ({expr}): dividing by a tensor is a Div node's job", "ここで割る数にできるのは数だけです ({expr}): テンソルで割るのは Div ノードの役目です"],
  ["operator {q} is not supported here (use + - * / ^)", "演算子 {q} はここでは使えません（+ - * / ^ を使ってください）"],
  ["a generator cannot go inside a list: write randn(2, 3), not [randn(3), randn(3)]", "生成式はリストの中に入れられません: [randn(3), randn(3)] ではなく randn(2, 3) と書いてください"],
  ["cannot mix numbers and lists in one list", "1 つのリストに数とリストを混ぜられません"],
  ["rows have different depths ({a} and {b})", "行によって深さが違います（{a} と {b}）"],
  ["rows have different lengths ({a} and {b})", "行によって長さが違います（{a} と {b}）"],
  ["rows have different shapes ({a} and {b})", "行によって形状が違います（{a} と {b}）"],
  ["unknown function {q} (known: {list})", "{q} という関数はありません（使えるのは {list}）"],
  ["unknown function {q}", "{q} という関数はありません"],
  ["a plain argument cannot follow a named one", "名前付きの引数のあとに、名前のない引数は置けません"],
  ["{kw} is given twice", "{kw} が 2 回指定されています"],
  ["{fn} takes one number, like {example}", "{fn} がとるのは {example} のように 1 つの数です"],
  ["array takes one list, like array([1, 2])", "array がとるのは array([1, 2]) のように 1 つのリストです"],
  ["{expr}: a named argument is written like seed=1", "{expr}: 名前付きの引数は seed=1 のように書きます"],
  ["{what} must be a whole number from {a} to {b}, got {v}", "{what} は {a} から {b} までの整数にしてください（{v} です）"],
  ["{what} must be a number, got {v}", "{what} は数にしてください（{v} です）"],
  ["a list of shape {s}", "形状 {s} のリスト"],
  ["a shape is sizes like {e1} or one list like {e2}, not {v}", "形状は {e1} のようなサイズか、{e2} のような 1 つのリストで書きます（{v} ではなく）"],
  ["sizes must be whole numbers ≥ 1, got {v}", "サイズは 1 以上の整数にしてください（{v} です）"],
  ["{init} has no argument {q} (it takes {list})", "{init} に引数 {q} はありません（とれるのは {list}）"],
  ["{init} has no argument {q}", "{init} に引数 {q} はありません"],
  ["only full takes a fill ({init} fills with {what})", "fill をとるのは full だけです（{init} は {what} で埋めます）"],
  ["give the shape once, either as sizes or as shape=[...]", "形状は、サイズか shape=[...] のどちらかで一度だけ指定してください"],
  ["after the shape list comes only the fill: {example}", "形状のリストのあとに書けるのは fill だけです: {example}"],
  ["after the shape list no more sizes: {example}", "形状のリストのあとにサイズは書けません: {example}"],
  ["{init} needs a shape, like {example}", "{init} には {example} のような形状が必要です"],
  ["eye needs one size n (an n×n identity), like eye(3); got {s}", "eye には eye(3) のようにサイズ n を 1 つ指定します（n×n の単位行列）。{s} でした"],
  ["full needs the number to fill with: full(2, 2, fill=7) or full([2, 2], 7)", "full には埋める数が必要です: full(2, 2, fill=7) か full([2, 2], 7)"],
  ["Unexpected end of expression", "式が途中で終わっています"],
  ["Value expected", "値が必要です"],
  ["Parenthesis {p} expected", "{p} が必要です"],
  ["End of matrix ] expected", "] で閉じる必要があります"],
  ["Unexpected part {q}", "{q} の部分が読めません"],
  ["Syntax error in part {q}", "{q} の部分に書き間違いがあります"],
  ["Unexpected operator {o}", "ここに演算子 {o} は置けません"],
  ["Invalid left hand side of assignment operator =", "= の左側が正しくありません"],

];

interface Compiled {
  en: string;
  re: RegExp;
  names: string[];
  ja: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const kind = (name: string) => name.replace(/\d+$/, "");

function compileEntry([en, ja]: Entry): Compiled {
  const names: string[] = [];
  const source = en
    .split(/(\{[A-Za-z]\w*\})/)
    .map((piece) => {
      const m = /^\{([A-Za-z]\w*)\}$/.exec(piece);
      if (!m) return escape(piece);
      names.push(m[1]);
      const k = PART[kind(m[1])];
      // a plain part holds no ": ", so that it never swallows a "where: " in front of a message
      return k === undefined ? "((?:(?!: ).)+?)" : k.startsWith("(") && !k.startsWith("(?:") ? k : `(${k})`;
    })
    .join("");
  return { en, re: new RegExp(`^${source}$`, "s"), names, ja };
}

const COMPILED = ENTRIES.map(compileEntry);

/** The Japanese of an engine message, or null when no entry matches all of it. `used` collects the entries that made it. */
export function toJapanese(message: string, used?: Set<string>, depth = 0): string | null {
  if (depth > 8) return null;
  // the place first: an entry's leading part would otherwise swallow it ("{v} is not a finite number")
  const w = WHERE.exec(message);
  if (w) {
    const body = toJapanese(w[2], used, depth + 1);
    if (body !== null) return `${WORDS[w[1]] ?? w[1]}: ${body}`;
  }
  for (const c of COMPILED) {
    const m = c.re.exec(message);
    if (!m) continue;
    const parts = new Map<string, string>();
    let ok = true;
    c.names.forEach((name, i) => {
      const v = m[i + 1];
      const k = kind(name);
      if (k === "msg") {
        const j = toJapanese(v, used, depth + 1);
        if (j === null) ok = false;
        else parts.set(name, j);
      } else if (k === "detail") parts.set(name, toJapanese(v, used, depth + 1) ?? v);
      else parts.set(name, WORDS[v] ?? toJapaneseValue(v, used));
    });
    if (!ok) continue;
    used?.add(c.en);
    return c.ja.replace(/\{([A-Za-z]\w*)\}/g, (whole, name: string) => parts.get(name) ?? whole);
  }
  return null;
}

/** A value inside a message: itself, unless it is a describable thing ("a list of shape (2,3)"). */
function toJapaneseValue(v: string, used?: Set<string>): string {
  if (/^a list of shape /.test(v)) return toJapanese(v, used) ?? v;
  // a long cycle ends with how many nodes it has
  return v.replace(/ \((\d+) nodes\)$/, "（$1 ノード）");
}

/** An engine message as the learner's language has it: Japanese where the catalogue knows it, else the English. */
export function engineText(message: string): string {
  return currentLanguage() === "ja" ? (toJapanese(message) ?? message) : message;
}
