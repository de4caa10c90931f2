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
  table: {
    labelsUnused: "列 {{column}} はラベルです。損失の t に Input をつなぐと、クラス番号として使えます。",
    labelsSet: "{{rows}} 行を {{input}} に、{{column}} のラベルをクラス番号として {{target}} に入れました。",
  },
  empty: {
    title: "空のグラフ",
    drag: "左の一覧から演算をキャンバスへドラッグするか、クリックしてください。",
    search: "キャンバスをダブルクリックすると、演算を検索してその場所に追加できます。",
    examples: "または「例」からノートブックの計算グラフを開けます。",
  },
  addOp: {
    placeholder: "演算名を入力: mul, sigmoid, affine…",
    none: "ここに合う演算がありません。",
  },
  group: {
    default: "グループ",
    collapse: "折りたたむ",
    expand: "展開する",
    rename: "ダブルクリックで名前を変更",
    ungroup: "グループ解除",
    nodes: "{{count}} 個のノード",
  },
  check: {
    none: "確かめるものがありません: {{reason}}",
  },
  ops: {},
};
