/**
 * Made-up place names that read like those of the north-west uplands (Thái and Mông place-name syllables), with full
 * Vietnamese diacritics. No person's name is ever produced: only place-like compounds.
 */
import type { Rng } from './random.ts';

/** Leading syllables: Mường (basin), Nậm (river), Nà (field), Pá (forest), Huổi (stream), Pú (mountain), … */
const HEADS = [
  'Mường', 'Nậm', 'Nà', 'Pá', 'Huổi', 'Sín', 'Tả', 'Phìn', 'Chà', 'Lay', 'Xa', 'Tìa', 'Pú', 'Noong', 'Hua', 'Phiêng',
  'Co', 'Ẳng', 'Tủa', 'Si', 'Na', 'Hừa', 'Quài', 'Chiềng', 'Keo', 'Háng', 'Pa', 'Sa', 'Phình', 'Lọng', 'Bó', 'Đồng',
] as const;

/** The commonest leading syllables, drawn more often so names have the region's typical mix. */
const COMMON_HEADS = ['Mường', 'Mường', 'Nậm', 'Nà', 'Huổi', 'Pá'] as const;

/** Trailing syllables. */
const TAILS = [
  'Thanh', 'Luân', 'Pom', 'Khoang', 'Chung', 'Quài', 'Sáng', 'Hẹ', 'Mùn', 'Chẩn', 'Lay', 'Nưa', 'Chăn', 'Hỳ', 'Tấu',
  'Nhè', 'Lếch', 'Lói', 'Luông', 'Mươn', 'Chua', 'Cang', 'Pao', 'Lìa', 'Ló', 'Tở', 'Cọ', 'Xôm', 'Ten', 'Kè', 'Sản',
  'Ham', 'Ngam', 'Dình', 'Là', 'Khá', 'Vang', 'Lạn', 'Pục', 'Ún', 'Kham', 'Phả', 'Lỷ', 'Nghịu', 'Xẻ', 'Hốc', 'Sảng',
  'Tỉnh', 'Phát', 'Lương', 'Ỏ', 'Lừa', 'Púng', 'Hin', 'Đun', 'Đán', 'Đắng', 'Đon',
] as const;

/** Syllables for village (bản) names; more varied than commune names. */
const VILLAGE_HEADS = [...HEADS, ...COMMON_HEADS, 'Co Muông', 'Phai', 'Kéo', 'Nong', 'Tà', 'Xá', 'Hát', 'Cang', 'Lả'] as const;
const VILLAGE_TAILS = [
  ...TAILS, 'Lụ', 'Lơi', 'Ngua', 'Sài', 'Hán', 'Mới', 'Cưởm', 'Ít', 'Pen', 'Tâu', 'Vô', 'Chạng', 'Búng', 'Lót', 'Khảo',
  'Đứa', 'Đin',
] as const;

/**
 * Real names of communes and border gates in and around Điện Biên (before and after the 2025 merger). Generated names
 * never equal one of these, so demo places cannot be mistaken for real ones.
 */
const REAL_NAMES = new Set(
  [
    'Điện Biên Phủ', 'Mường Thanh', 'Mường Lay', 'Mường Phăng', 'Nà Tấu', 'Nà Nhạn', 'Pá Khoang', 'Thanh Nưa', 'Thanh An',
    'Thanh Yên', 'Thanh Chăn', 'Thanh Hưng', 'Thanh Luông', 'Thanh Xương', 'Hua Thanh', 'Noong Hẹt', 'Noong Luống',
    'Sam Mứn', 'Núa Ngam', 'Mường Nhà', 'Mường Pồn', 'Na Ư', 'Pom Lót', 'Hẹ Muông', 'Na Tông', 'Phu Luông', 'Pu Nhi',
    'Na Son', 'Xa Dung', 'Mường Luân', 'Phình Giàng', 'Tìa Dình', 'Keo Lôm', 'Háng Lìa', 'Pú Hồng', 'Luân Giới',
    'Chiềng Sơ', 'Nong U', 'Mường Ảng', 'Ẳng Tở', 'Ẳng Nưa', 'Ẳng Cang', 'Búng Lao', 'Xuân Lao', 'Mường Lạn', 'Nặm Lịch',
    'Mường Đăng', 'Ngối Cáy', 'Tuần Giáo', 'Quài Tở', 'Quài Nưa', 'Quài Cang', 'Mường Mùn', 'Pú Nhung', 'Chiềng Sinh',
    'Mùn Chung', 'Nà Sáy', 'Mường Thín', 'Tỏa Tình', 'Tênh Phông', 'Phình Sáng', 'Rạng Đông', 'Ta Ma', 'Mường Khong',
    'Chiềng Đông', 'Nà Tòng', 'Pú Xi', 'Sáng Nhè', 'Tủa Chùa', 'Sính Phình', 'Tủa Thàng', 'Sín Chải', 'Mường Báng',
    'Xá Nhè', 'Mường Đun', 'Huổi Só', 'Lao Xả Phình', 'Trung Thu', 'Tả Phìn', 'Tả Sìn Thàng', 'Mường Chà', 'Na Sang',
    'Mường Tùng', 'Pa Ham', 'Sa Lông', 'Huổi Lèng', 'Ma Thì Hồ', 'Hừa Ngài', 'Huổi Mí', 'Nậm Nèn', 'Mường Mươn',
    'Na Sang', 'Lay Nưa', 'Sông Đà', 'Nậm Pồ', 'Nà Hỳ', 'Nà Bủng', 'Chà Tở', 'Si Pa Phìn', 'Phìn Hồ', 'Chà Nưa',
    'Chà Cang', 'Nậm Chua', 'Vàng Đán', 'Nậm Tin', 'Na Cô Sa', 'Pa Tần', 'Nậm Nhừ', 'Nậm Khăn', 'Nà Khoa', 'Mường Nhé',
    'Sín Thầu', 'Chung Chải', 'Leng Su Sìn', 'Mường Toong', 'Nậm Kè', 'Quảng Lâm', 'Nậm Vì', 'Pá Mỳ', 'Huổi Lếch',
    'Sen Thượng', 'Điện Biên Đông', 'Na Son', 'Keo Lôm', 'Phì Nhừ', 'Mường Luân', 'Pú Nhi', 'Nong U', 'Chiềng Sơ',
    'Tây Trang', 'Huổi Puốc', 'A Pa Chải', 'Pa Nậm Cúm', 'Ma Lù Thàng', 'Mường Chà', 'Nà Bủng', 'Si Pa Phìn',
  ].map((n) => n.normalize('NFC')),
);

const hasDStroke = (s: string) => /[đĐ]/.test(s);

/** Hands out unique place names; one instance per namespace (communes, gates, villages of one commune …). */
export class NameMaker {
  private readonly used = new Set<string>();
  private readonly uses = new Map<string, number>();

  /**
   * @param maxHead how often one leading syllable may recur (real provinces have several "Mường …", not ten)
   * @param maxTail how often one trailing syllable may recur
   */
  constructor(
    private readonly rng: Rng,
    private readonly heads: readonly string[] = [...HEADS, ...COMMON_HEADS],
    private readonly tails: readonly string[] = TAILS,
    private readonly maxHead = 3,
    private readonly maxTail = 1,
  ) {}

  static forVillages(rng: Rng): NameMaker {
    return new NameMaker(rng, VILLAGE_HEADS, VILLAGE_TAILS, 2, 1);
  }

  /** Two syllables (sometimes three), e.g. "Nậm Hẹ", "Pá Luông Ten". With `withD`, the name contains đ/Đ. */
  next(opts: { withD?: boolean } = {}): string {
    const tailPool = opts.withD ? this.tails.filter(hasDStroke) : this.tails;
    for (let attempt = 0; attempt < 2000; attempt++) {
      // Past a few hundred attempts the caps are relaxed rather than failing.
      const relax = attempt > 400 ? 3 : 0;
      const words = [this.rng.pick(this.heads), this.rng.pick(tailPool)];
      if (!opts.withD && this.rng.chance(0.08)) words.push(this.rng.pick(this.tails));
      const name = words.join(' ').normalize('NFC');
      if (new Set(words).size !== words.length) continue;
      if (REAL_NAMES.has(name) || this.used.has(name)) continue;
      const headCap = (words[0] === 'Mường' ? 2 * this.maxHead : this.maxHead) + relax;
      if ((this.uses.get(`h:${words[0]}`) ?? 0) >= headCap) continue;
      if (words.slice(1).some((w) => (this.uses.get(`t:${w}`) ?? 0) >= this.maxTail + relax)) continue;
      this.used.add(name);
      this.uses.set(`h:${words[0]}`, (this.uses.get(`h:${words[0]}`) ?? 0) + 1);
      for (const w of words.slice(1)) this.uses.set(`t:${w}`, (this.uses.get(`t:${w}`) ?? 0) + 1);
      return name;
    }
    throw new Error('ran out of demo names');
  }
}
