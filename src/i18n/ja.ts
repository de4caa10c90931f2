// 日本語のテキスト。キーは en.ts と同じ（テストで確かめる）。用語はノートブックに合わせる:
// 順伝播, 逆伝播, 勾配, 計算グラフ, 重み, バイアス, 損失。
import type { TextsShape } from "./en";

export const ja: TextsShape & { ops: Record<string, { summary: string; note?: string }> } = {
  app: {
    name: "Gradflow",
  },
  toolbar: {
    label: "ツールバー",
    language: "言語",
    darkMode: "ダークモード",
  },
  lock: {
    banner: "学習中 — 実行中はグラフを編集できません。編集するには停止してください。",
    bannerPaused: "学習を一時停止中 — グラフは編集できないままです。再開するか、停止してから編集してください。",
    refused: "学習の実行中はグラフを編集できません。編集するには学習を停止してください。",
  },
  save: {
    unreadable: "自動保存されたグラフを開けませんでした（{{reason}}）。データは残してあります。置き換わる前にダウンロードしてください。",
    download: "保存されていたデータをダウンロード",
    dismiss: "このデータを破棄",
    failed: "保存できていません: {{reason}}。作業を残すには JSON をエクスポートしてください。",
    full: "ブラウザの保存領域がいっぱいです",
    export: "グラフをファイルに書き出す",
  },
  wire: {
    heading: "入力",
    from: "{{port}} の入力元",
    none: "— 未接続 —",
    hint: "各入力に何をつなぐかを選べます（キーボードで配線する方法）。",
  },
  heatmap: {
    zero: "すべての要素が 0",
    scale: "色の目盛り: {{neg}}（紫）… 0（白）… {{pos}}。最小 {{lo}}、最大 {{hi}}",
  },
  check: {
    none: "確かめるものがありません: {{reason}}",
  },
  ops: {
    // issue 13 の追加 op（OPS.md にはない、Gradflow 独自のもの）
    Expr: {
      summary: "f(x): 自分で入力する式（例: x^2 * sin(x)）",
      note: "逆伝播では式を記号的に微分し、それを各要素で評価します: 紙の上で行う連鎖律を、ここでは自動で行います。",
    },
    Expr2: {
      summary: "f(a, b): 2 つの入力の式を自分で入力する（例: a * exp(-b)）",
      note: "各入力の勾配は、その入力についての式の偏微分です。ブロードキャストされた入力は、Add や Mul と同じくコピー全体で和をとります。",
    },
    Slice: {
      summary: "軸に沿って 1 つの添字か範囲を取り出す: 1 時刻分 (N, T, D) → (N, D)",
      note: "取り出されなかった数は out に影響しないので、その勾配は 0 です: Slice の逆伝播は g を 0 の中に書き戻します。",
    },
    Concat: {
      summary: "a と b を共通の軸に沿ってつなぐ: (N, 2, H) と (N, 1, H) → (N, 3, H)",
      note: "Concat は数を並べるだけなので、逆伝播では各入力に g の自分の部分を返します。",
    },
    Stack: {
      summary: "a と b を新しい軸に沿って積み重ねる: (N, H), (N, H) → (N, 2, H)。続けて追加: (N, 2, H), (N, H) → (N, 3, H)",
      note: "h_1 … h_T を積み重ねると Slice の逆になります: 各時刻は結果の自分のスライスの勾配を受け取ります。",
    },
  },
};
