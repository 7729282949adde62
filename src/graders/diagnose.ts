/**
 * Diagnoses shared by the graders: what the training curve and the test result say about
 * the model, written as advice the candidate can act on.
 */
import { text, type GradeText } from './grade-text.js';
import type { GradeInput } from './types.js';

/** Train accuracy this far above test (or validation) accuracy reads as overfitting. */
export const OVERFIT_GAP = 0.1;
/** Training loss this many times its first-epoch value reads as diverging. */
export const DIVERGENCE_RATIO = 1.5;
/** Within this many points of chance (1 / classes), the model has learnt next to nothing. */
export const CHANCE_MARGIN = 0.03;

export const pct = (x: number, digits = 1): string => (Number.isFinite(x) ? `${(100 * x).toFixed(digits)} %` : 'n/a');

/** "61.2 % [60.3, 62.2]" */
export function accuracyWithInterval(input: GradeInput): string {
  const { accuracy, interval } = input.evaluation;
  return `${pct(accuracy)} [${(100 * interval.low).toFixed(1)}, ${(100 * interval.high).toFixed(1)}]`;
}

export function thresholdText(threshold: number): string {
  const v = 100 * threshold;
  return `${Number.isInteger(v) ? v.toFixed(0) : v.toFixed(1)} %`;
}

export type DiagnosisCode =
  | 'not-finite'
  | 'diverging'
  | 'budget'
  | 'aborted'
  | 'overfitting'
  | 'underfitting'
  | 'near-chance'
  | 'borderline'
  | 'weak-classes';

export interface Diagnosis {
  code: DiagnosisCode;
  /** The advice in every locale. */
  text: GradeText;
}

const finalEpoch = (input: GradeInput) => {
  const full = input.history.filter((h) => !h.partial);
  return full.length > 0 ? full[full.length - 1] : input.history[input.history.length - 1];
};

/** Every diagnosis that applies, most important first. */
export function diagnose(input: GradeInput): Diagnosis[] {
  const out: Diagnosis[] = [];
  const { evaluation, history, threshold } = input;
  const acc = evaluation.accuracy;
  const classes = Math.max(2, evaluation.classNames.length || evaluation.perClassAccuracy.length);
  const chance = 1 / classes;
  const last = finalEpoch(input);

  const nonFinite =
    history.some((h) => !Number.isFinite(h.loss)) || (evaluation.count > 0 && !Number.isFinite(evaluation.loss));
  if (nonFinite) {
    out.push({
      code: 'not-finite',
      text: text(
        'The loss became NaN or infinite during training: the updates blew the weights up. Lower the learning rate (try 10x smaller), ' +
          'and check that the output activation matches the loss (softmax with categorical cross-entropy, sigmoid with binary cross-entropy).',
        '训练中损失变成了 NaN 或无穷大：参数更新让权重发散了。请调低学习率（先试小 10 倍），' +
          '并检查输出层激活与损失函数是否匹配（softmax 配分类交叉熵，sigmoid 配二元交叉熵）。',
      ),
    });
  } else if (history.length >= 2) {
    const first = history[0].loss;
    const end = history[history.length - 1].loss;
    if (Number.isFinite(first) && first > 0 && end > first * DIVERGENCE_RATIO) {
      out.push({
        code: 'diverging',
        text: text(
          `The training loss grew from ${first.toFixed(3)} in the first epoch to ${end.toFixed(3)} in the last: training is diverging. Lower the learning rate.`,
          `训练损失从第一轮的 ${first.toFixed(3)} 升到最后一轮的 ${end.toFixed(3)}：训练在发散。请调低学习率。`,
        ),
      });
    }
  }

  if (input.stopReason === 'budget') {
    const fullEpochs = history.filter((h) => !h.partial).length;
    out.push({
      code: 'budget',
      text: text(
        `Training was stopped by the exercise's time limit after ${fullEpochs} full epoch(s), before the plan finished. ` +
          'Make the model faster per example (fewer filters or units, pooling earlier, a shorter recurrent layer) or plan fewer epochs.',
        `训练在完成 ${fullEpochs} 个完整轮次后被练习的时间上限停止，没有跑完计划。` +
          '请让模型处理每个样本更快（更少的卷积核或单元、更早池化、更短的循环层），或者计划更少的轮次。',
      ),
    });
  } else if (input.stopReason === 'aborted') {
    out.push({
      code: 'aborted',
      text: text(
        'The run was cancelled before it finished, so these figures are incomplete.',
        '这次运行在结束前被取消，以下数据不完整。',
      ),
    });
  }

  if (evaluation.count > 0 && Number.isFinite(acc) && !nonFinite) {
    const trainAcc = last?.accuracy;
    const valAcc = last?.valAccuracy;
    const heldOut = valAcc !== undefined && Number.isFinite(valAcc) ? Math.min(valAcc, acc) : acc;
    if (trainAcc !== undefined && Number.isFinite(trainAcc) && trainAcc - heldOut > OVERFIT_GAP) {
      const onValidation = valAcc !== undefined && valAcc < acc;
      const gap = (100 * (trainAcc - heldOut)).toFixed(1);
      out.push({
        code: 'overfitting',
        text: text(
          `Train accuracy ${pct(trainAcc)} is ${gap} points above ${onValidation ? `validation accuracy ${pct(valAcc)}` : `test accuracy ${pct(acc)}`}: the model memorises the training set. ` +
            'Regularise it (dropout, weight decay), augment the data, or use fewer parameters.',
          `训练准确率 ${pct(trainAcc)} 比${onValidation ? `验证准确率 ${pct(valAcc)}` : `测试准确率 ${pct(acc)}`}高 ${gap} 个百分点：模型在死记训练集。` +
            '请加正则化（dropout、权重衰减）、做数据增强，或减少参数。',
        ),
      });
    } else if (acc - chance <= CHANCE_MARGIN) {
      out.push({
        code: 'near-chance',
        text: text(
          `Test accuracy ${pct(acc)} is about what guessing gives (${pct(chance, 0)} with ${classes} classes): the model has learnt almost nothing. ` +
            'Check that the learning rate is not tiny, that the model trains for at least a full epoch, and that the output layer and loss fit the task.',
          `测试准确率 ${pct(acc)} 与随机猜测相当（${classes} 个类别时为 ${pct(chance, 0)}）：模型几乎什么也没学到。` +
            '请检查学习率是否过小、模型是否至少训练了一个完整轮次，以及输出层和损失函数是否符合任务。',
        ),
      });
    } else if (
      acc < threshold &&
      (trainAcc === undefined || !Number.isFinite(trainAcc) || trainAcc < threshold + OVERFIT_GAP / 2)
    ) {
      out.push({
        code: 'underfitting',
        text: text(
          `Train accuracy ${pct(trainAcc ?? Number.NaN)} and test accuracy ${pct(acc)} are both low: the model underfits. ` +
            'Give it more capacity (more filters/units or another layer), train more epochs within the budget, or raise the learning rate.',
          `训练准确率 ${pct(trainAcc ?? Number.NaN)} 和测试准确率 ${pct(acc)} 都偏低：模型欠拟合。` +
            '请增加模型容量（更多卷积核或单元，或再加一层）、在预算内多训练几轮，或调高学习率。',
        ),
      });
    }

    if (threshold > evaluation.interval.low && threshold < evaluation.interval.high) {
      out.push({
        code: 'borderline',
        text: text(
          `The threshold ${thresholdText(threshold)} lies inside the 95 % interval of the result, so another seed could land on the other side of it.`,
          `及格线 ${thresholdText(threshold)} 落在结果的 95 % 置信区间内，换一个随机种子可能落到另一边。`,
        ),
      });
    }

    const named = evaluation.perClassAccuracy
      .map((a, c) => ({ a, name: evaluation.classNames[c] ?? `class ${c}` }))
      .filter((x) => Number.isFinite(x.a));
    if (named.length > 2) {
      const weakest = [...named].sort((x, y) => x.a - y.a).slice(0, 2);
      if (weakest[0].a < acc - 0.15) {
        out.push({
          code: 'weak-classes',
          text: text(
            `Weakest classes: ${weakest.map((w) => `${w.name} ${pct(w.a, 0)}`).join(', ')} (the confusion matrix shows what they are mistaken for).`,
            `最弱的类别：${weakest.map((w) => `${w.name} ${pct(w.a, 0)}`).join('，')}（混淆矩阵显示它们被误判成了什么）。`,
          ),
        });
      }
    } else if (named.length === 2 && Math.abs(named[0].a - named[1].a) > 0.2) {
      const [lo, hi] = named[0].a < named[1].a ? [named[0], named[1]] : [named[1], named[0]];
      out.push({
        code: 'weak-classes',
        text: text(
          `The model leans towards "${hi.name}" (${pct(hi.a, 0)} right) at the expense of "${lo.name}" (${pct(lo.a, 0)} right): its decision threshold is off-centre; more training usually balances it.`,
          `模型偏向“${hi.name}”（${pct(hi.a, 0)} 判对），牺牲了“${lo.name}”（${pct(lo.a, 0)} 判对）：决策阈值偏离中心，多训练通常能让两者平衡。`,
        ),
      });
    }
  }
  return out;
}
