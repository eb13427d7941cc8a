;; Adler-32 (RFC 1950) over the bytes the caller copied to the start of memory, 16 at a time
;; with WebAssembly SIMD. update(a, b, len) continues the sums (a, b), both below 65521, and
;; returns b << 16 | a, both reduced.
(module
  (memory (export "memory") 1)
  (func (export "update") (param $a i32) (param $b i32) (param $len i32) (result i32)
    (local $p i32) (local $n i32) (local $end i32)
    (local $v v128) (local $vs1 v128) (local $vps v128) (local $vs2 v128)
    ;; batches of at most 256 blocks of 16 bytes: every lane sum stays exact in 32 bits
    (block $blocks_done
      (loop $batch
        (local.set $n (i32.shr_u (i32.sub (local.get $len) (local.get $p)) (i32.const 4)))
        (br_if $blocks_done (i32.eqz (local.get $n)))
        (if (i32.gt_u (local.get $n) (i32.const 256)) (then (local.set $n (i32.const 256))))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 4))))
        (local.set $vs1 (v128.const i64x2 0 0))
        (local.set $vps (v128.const i64x2 0 0))
        (local.set $vs2 (v128.const i64x2 0 0))
        (loop $block
          (local.set $v (v128.load (local.get $p)))
          ;; vps: the byte sums before each block, for B's 16·A term
          (local.set $vps (i32x4.add (local.get $vps) (local.get $vs1)))
          (local.set $vs1 (i32x4.add (local.get $vs1)
            (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $v)))))
          ;; byte k of a block weighs 16 - k in B
          (local.set $vs2 (i32x4.add (local.get $vs2)
            (i32x4.extadd_pairwise_i16x8_u
              (i16x8.add
                (i16x8.extmul_low_i8x16_u (local.get $v) (v128.const i8x16 16 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1))
                (i16x8.extmul_high_i8x16_u (local.get $v) (v128.const i8x16 16 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1))))))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (br_if $block (i32.lt_u (local.get $p) (local.get $end))))
        ;; B += 16·n·A + 16·Σvps + Σvs2 and A += Σvs1, reduced (in 64 bits: 16·Σvps exceeds 2^31)
        (local.set $b (i32.wrap_i64 (i64.rem_u
          (i64.add
            (i64.add (i64.extend_i32_u (local.get $b))
                     (i64.mul (i64.extend_i32_u (i32.shl (local.get $n) (i32.const 4))) (i64.extend_i32_u (local.get $a))))
            (i64.add (i64.shl (call $sum (local.get $vps)) (i64.const 4)) (call $sum (local.get $vs2))))
          (i64.const 65521))))
        (local.set $a (i32.wrap_i64 (i64.rem_u
          (i64.add (i64.extend_i32_u (local.get $a)) (call $sum (local.get $vs1)))
          (i64.const 65521))))
        (br $batch)))
    ;; the last 0-15 bytes one at a time
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $p) (local.get $len)))
        (local.set $a (i32.add (local.get $a) (i32.load8_u (local.get $p))))
        (local.set $b (i32.add (local.get $b) (local.get $a)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $tail)))
    (i32.or
      (i32.shl (i32.rem_u (local.get $b) (i32.const 65521)) (i32.const 16))
      (i32.rem_u (local.get $a) (i32.const 65521))))
  ;; the four 32-bit lanes of v added, in 64 bits
  (func $sum (param $v v128) (result i64)
    (i64.add
      (i64.add (i64.extend_i32_u (i32x4.extract_lane 0 (local.get $v))) (i64.extend_i32_u (i32x4.extract_lane 1 (local.get $v))))
      (i64.add (i64.extend_i32_u (i32x4.extract_lane 2 (local.get $v))) (i64.extend_i32_u (i32x4.extract_lane 3 (local.get $v)))))))
