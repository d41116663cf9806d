"""Where each claim comes from: the seed file and passage, quoted in the original language with an English rendering."""

# ruff: noqa: RUF001 -- the quotes and formulas write sigma as the seeds do, with the Greek letter

from __future__ import annotations

from symproof.verdict.source import Source

__all__ = ["MATH", "SOURCES", "Source", "page_text"]


_S000 = "000_bd9babc96dcc5140.txt"
_S004 = "004_93c8ae1e0716315a.txt"

_PRINCIPLE = (
    "The general principle beneath seed 000 (the fixed-point subspace of the permutation group), not a seed statement."
)

# The seed 004 text is a scraped web page: each formula appears twice, once as its rendered text (with the symbols
# such as the square root, the fraction bars and primes lost: "50122.4" for √501 ≈ 22.4) and once as its MathJax
# source in a <script> tag. A quote gives each formula once, as plain text; MATH records, per claim, each plain formula
# (with a little context, so that it occurs once in the quote) and the page's text for it, rendering and markup, so
# that a test can put the page's text back and find the quote in the seed verbatim.
_TEX = '<script type="math/tex" id="MathJax-Element-{}">{}</script>'

MATH: dict[str, tuple[tuple[str, str], ...]] = {
    "s004.naive-std": (
        ("因此z的", "因此z" + _TEX.format(1063, "z") + "的"),
        ("√501 ≈ 22.4", "50122.4" + _TEX.format(1064, r"\sqrt{501}\approx 22.4")),
    ),
    "s004.scaled-std": (
        ("现在z的", "现在z" + _TEX.format(1080, "z") + "的"),
        ("√(500/1000) ≈ 0.707", "500/10000.707" + _TEX.format(1081, r"\sqrt{500/1000}\approx 0.707")),
    ),
    "s004.saturation-slows-learning": (
        ("σ'(z)", "σ(z)" + _TEX.format(1075, r"\sigma'(z)")),
        ("η)", "η" + _TEX.format(1076, r"\eta") + ")"),
    ),
    "s004.variance-law": (("z为501", "z" + _TEX.format(1062, "z") + "为501"),),
    "s004.gaussian-pdf": (
        (
            "f(x) = 1/(√(2π)σ)·exp(-(x-μ)²/σ²)",
            "f(x)=12πσexp((xμ)2σ2)"
            + _TEX.format(1065, r"f(x)=\frac1{\sqrt{2\pi}\sigma}\exp(\frac{-(x-\mu)^2}{\sigma^2})"),
        ),
    ),
    "s004.output-gradient-formula": (
        (
            "∂C/∂w^L = (a^L - y)σ'(z)",
            "\n\nCwL=(aLy)σ(z)\n"  # the formula stands on a line of its own
            + _TEX.replace('"math/tex"', '"math/tex; mode=display"').format(
                1074, r"\frac{\partial\,C}{\partial\,w^L}=(a^L-y)\sigma'(z)"
            ),
        ),
    ),
}


def page_text(claim_id: str) -> str:
    """Return the quote of `claim_id` as the seed's page has it: each plain formula of MATH put back as the page's
    rendering and MathJax markup."""
    text = SOURCES[claim_id].quote
    for plain, page in MATH.get(claim_id, ()):
        text = text.replace(plain, page, 1)
    return text


SOURCES: dict[str, Source] = {
    # --- seed 000: zero and constant initialisation --------------------------------------------------------------
    "s000.zero-init-updates": Source(
        _S000,
        "但是原因却不是这样会导致权重不更新了。其实完全错误,只要有误差,就会更新。",
        "But the reason is not that the weights would then fail to update. That is in fact completely wrong: as long "
        "as there is error, they update.",
    ),
    "s000.constant-init-structure": Source(
        _S000,
        "每个权重各自内部的元素都均是相等的,且相同隐藏层的神经元输入是相等的、输出也是相等。"
        "这就会导致每个隐藏层都退化成实际上只有1个神经元。",
        "[Case 2, all weights a nonzero constant, after every backpropagation; apart from W_1, whose rows are equal:] "
        "the entries inside each weight matrix are all equal, and the neurons of one hidden layer have equal inputs "
        "and equal outputs. So every hidden layer degenerates into what is in effect a single neuron.",
    ),
    "s000.zero-init-k-step": Source(
        _S000,
        "如果真实输入层之后全部初始化为0,那么在过程中会随着反向传播从最后一个权重逐步向前依次将之前的权重变成非0值",
        "If everything after the real input layer is initialised to 0, then over the course of backpropagation the "
        "weights become nonzero one after another, step by step from the last weight matrix forwards.",
    ),
    "s000.first-m-random": Source(
        _S000,
        "以上其实就是将原本输入层向后推到了第M个隐藏层作为真实输入层,所以更一般的表述为:"
        '真实输入层之后的那个权重最终状态是行相等的,再之后的每个权重的内部元素是各自相等的,真实输入层之前的权重仍然是"随机"的。',
        "All this really just pushes the input layer back to the M-th hidden layer, which acts as the real input "
        "layer; so more generally: the weight matrix right after the real input layer ends up row-equal, every "
        "later matrix has its entries equal within itself, and the matrices before the real input layer are still "
        '"random".',
    ),
    "s000.logistic-zero-init": Source(
        _S000,
        "其实这样也证明了为什么逻辑斯特线性回归可以将权重全部初始化为0,因为其没有隐藏层",
        "In fact this also proves why logistic regression can initialise all its weights to 0: it has no hidden layer.",
    ),
    "s000.linear-zero-stuck": Source(
        _S000,
        "如果不加激活函数,那么在权重全部初始化为0时,权重就真的不会更新,永远为0",
        "[A code comment on the sigmoid line:] without an activation function, when the weights are all initialised "
        "to 0, the weights really do not update; they stay 0 forever.",
    ),
    "s000.single-random-column-equal": Source(
        _S000,
        "1.如果只将某个权重随机化,那么反向传播后其前面一个权重是列相等的。",
        "1. If only one weight matrix is randomised, then after backpropagation the matrix before it is column-equal.",
    ),
    "s000.random-bias-breaks": Source(
        _S000,
        "其实有个简单的打破平衡状态的方法,就是即便权重初始化为0,但是偏置是随机初始化。"
        "因为这样就能保证每个隐藏层内的神经元输出是不同的了。",
        "There is in fact a simple way to break this equilibrium: even with the weights initialised to 0, initialise "
        "the biases randomly, because that guarantees that the neurons within each hidden layer have different "
        "outputs.",
    ),
    "s000.output-width-irrelevant": Source(
        _S000,
        "如上,我将权重全部初始化为0,且输出层有两个神经元(这不影响结果)",
        "As above, I initialise all weights to 0, and the output layer has two neurons (this does not affect the "
        "result).",
    ),
    "s000.experiment": Source(
        _S000,
        "可以看到,随着每次迭代和反向传播,会从最后一个权重向前,逐渐将权重打破0值,但是仍然实现相等的,"
        "在一开始的网络结构下(最上面的网络图),有4层权重,所以在第四次迭代后,就已经进入平衡状态了。",
        "One can see that with each iteration and backpropagation the weights break away from 0 one after another, "
        "from the last matrix forwards, but they are still equal; the network at the start (the diagram at the top) "
        "has 4 weight matrices, so after the fourth iteration it has already entered the equilibrium state.",
    ),
    # --- the general principle ------------------------------------------------------------------------------------
    "gen.equivariance": Source(
        _S000,
        "依据反向传播的思想可知:每个权重的更新梯度与其之后相关的权重、神经元的输入、输出和其前一个神经元的输出有关"
        "(这里不进行具体推导)。",
        "From the idea of backpropagation: the update gradient of each weight depends on the related weights after it, "
        "on the neuron's input and output, and on the output of the neuron before it (no detailed derivation here).",
    ),
    "gen.block-invariance": Source(
        _S000,
        "(也就是说整个神经网络处于对称状态,被线性化了,注意不是变成了线性网络,因为还有非线性的激活函数存在)。",
        "(That is, the whole network is in a symmetric state, it has been 'linearised'; note that it has not become a "
        "linear network, because there are still nonlinear activation functions.)",
    ),
    # Seed 000 says a constant start collapses every hidden layer for good; in floating point Adam breaks it.
    "gen.adam-rounding": Source(
        _S000,
        "每个权重各自内部的元素都均是相等的,且相同隐藏层的神经元输入是相等的、输出也是相等。",
        "[After every backpropagation from a constant start:] the entries inside each weight matrix are all equal, "
        "and the neurons of one hidden layer have equal inputs and equal outputs.",
    ),
    "gen.exact-structure": Source(
        _S000,
        '真实输入层之前的权重仍然是"随机"的。',
        'The weight matrices before the real input layer are still "random".',
    ),
    "gen.distinct-targets": Source("", "", _PRINCIPLE),
    "gen.dropout": Source("", "", _PRINCIPLE),
    # --- seed 004: the variance of z and saturation ----------------------------------------------------------------
    "s004.naive-std": Source(
        _S004,
        "因此z的分布服从0均值,标准差为√501 ≈ 22.4,标准差从1升高到22.4",
        "Hence z is distributed with mean 0 and standard deviation √501 ≈ 22.4; the standard deviation rises from 1 "
        "to 22.4.",
    ),
    "s004.scaled-std": Source(
        _S004,
        "仍以上文的设置为基础,我们来分析,现在z的pdf,均值为0,标准差为√(500/1000) ≈ 0.707",
        "Still on the basis of the setting above, let us analyse the pdf of z now: mean 0, standard deviation "
        "√(500/1000) ≈ 0.707.",
    ),
    "s004.saturation-slows-learning": Source(
        _S004,
        "也就意味着越小的σ'(z),越小的梯度更新,同等学习率(learning rate:η)的情况下,越小的学习速率。",
        "Which means: the smaller sigma'(z), the smaller the gradient update, and, at the same learning rate eta, "
        "the slower the learning.",
    ),
    "s004.default-init-code": Source(
        _S004,
        "def default_weight_init(self):\n"
        "    self.biases = [np.random.randn(y, 1)/y for y in self.topology[1:]] \n"
        "    self.weights = [np.random.rand(y, x)/np.sqrt(x) for x, y in zip(self.topology[:-1], self.topology[1:])]",
        "The seed's 'related code' for the improved initialisation: biases randn(y, 1)/y, weights rand(y, x)/sqrt(x) "
        "(note: np.random.rand, uniform on [0, 1), not randn).",
    ),
    "s004.variance-law": Source(
        _S004,
        "z为501(500个权值+1个偏置)个标准正太随机变量的和,由独立随机变量和的方差等于方差的和可知",
        "z is the sum of 501 (500 weights + 1 bias) standard normal random variables, and since the variance of a "
        "sum of independent random variables is the sum of their variances, [it follows that ...]",
    ),
    "s004.gaussian-pdf": Source(
        _S004,
        "由高斯密度函数f(x) = 1/(√(2π)σ)·exp(-(x-μ)²/σ²)可知,方差越大,密度函数的分布越扁平",
        "From the Gaussian density function f(x) = 1/(sqrt(2 pi) sigma) * exp(-(x - mu)^2 / sigma^2) one sees that "
        "the larger the variance, the flatter the density.",
    ),
    "s004.output-gradient-formula": Source(
        _S004,
        "而权值更新公式为:∂C/∂w^L = (a^L - y)σ'(z)",
        "[And the weight update formula is:] dC/dw^L = (a^L - y) sigma'(z).",
    ),
}
