"""Template matching for the Waldo demo, against a brute-force NumPy NCC."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal

from conv_core import (
    best_match,
    crowd_scene,
    match_template,
    paste,
    plain_match,
    waldo_pattern,
)
from conv_core.validation import ConvInputError


def brute_force_ncc(S: np.ndarray, P: np.ndarray) -> np.ndarray:
    """NCC by its definition, one window at a time, in float64."""
    ph, pw = P.shape
    Pc = P - P.mean()
    out = np.zeros((S.shape[0] - ph + 1, S.shape[1] - pw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            W = S[i : i + ph, j : j + pw]
            Wc = W - W.mean()
            den = np.linalg.norm(Wc) * np.linalg.norm(Pc)
            out[i, j] = 0.0 if np.linalg.norm(Wc) < 1e-9 else (Wc * Pc).sum() / den
    return out


@settings(max_examples=30, deadline=None)
@given(
    h=st.integers(3, 12),
    w=st.integers(3, 12),
    ph=st.integers(2, 4),
    pw=st.integers(2, 4),
    seed=st.integers(0, 2**16),
)
def test_ncc_is_the_brute_force_definition(h, w, ph, pw, seed):
    if ph > h or pw > w:
        return
    rng = np.random.default_rng(seed)
    S, P = rng.uniform(size=(h, w)), rng.uniform(size=(ph, pw))
    S[:ph, :pw] = 0.25  # a flat window: defined as 0
    np.testing.assert_allclose(
        match_template(S, P).numpy(), brute_force_ncc(S, P), rtol=1e-4, atol=1e-5
    )


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**16), data=st.data())
def test_the_pattern_finds_itself_exactly_where_it_was_pasted(seed, data):
    scene, pattern = crowd_scene(24, 36, seed=seed), waldo_pattern()
    top = data.draw(st.integers(0, 24 - 9))
    left = data.draw(st.integers(0, 36 - 5))
    with_waldo = paste(scene, pattern, top, left)
    scores = match_template(with_waldo, pattern)
    assert best_match(scores) == (top, left)
    assert float(scores[top, left]) == pytest.approx(1.0, abs=1e-6)
    # Brute force agrees on the winner.
    reference = brute_force_ncc(with_waldo.double().numpy(), pattern.double().numpy())
    assert np.unravel_index(reference.argmax(), reference.shape) == (top, left)


def test_plain_correlation_is_drawn_to_the_bright_lamp_instead():
    scene = paste(crowd_scene(24, 36, seed=1), waldo_pattern(), 14, 28)
    scores = plain_match(scene, waldo_pattern())
    np.testing.assert_allclose(
        scores.numpy(),
        signal.correlate2d(scene.numpy(), waldo_pattern().numpy(), mode="valid"),
        rtol=1e-5,
    )
    top, left = best_match(scores)
    assert (top, left) != (14, 28)
    # The pattern's 9×5 window lies wholly on the white 10×10 lamp at rows 1–10, columns 1–10.
    assert 1 <= top <= 2
    assert 1 <= left <= 6
    # Normalised cross-correlation, on the same scene, is not fooled.
    assert best_match(match_template(scene, waldo_pattern())) == (14, 28)


def test_ncc_ignores_brightness_and_contrast():
    pattern = waldo_pattern()
    scene = paste(crowd_scene(20, 20, seed=4), 0.3 * pattern + 0.5, 5, 7)
    assert best_match(match_template(scene, pattern)) == (5, 7)


def test_best_match_takes_the_first_maximum_in_reading_order():
    assert best_match([[0.0, 2.0, 1.0], [2.0, 0.0, 0.0]]) == (0, 1)


def test_refusals():
    with pytest.raises(ConvInputError) as err:
        match_template(torch.rand(5, 5), torch.full((3, 3), 0.5))
    assert err.value.code == "flat_pattern"
    with pytest.raises(ConvInputError) as err:
        match_template(torch.rand(3, 3), torch.rand(4, 2))
    assert err.value.code == "kernel_too_large"
    with pytest.raises(ConvInputError) as err:
        paste(torch.rand(12, 12), waldo_pattern(), 4, 0)  # 4 + 9 rows > 12
    assert err.value.code == "position"
    with pytest.raises(ConvInputError):
        crowd_scene(5, 40)
