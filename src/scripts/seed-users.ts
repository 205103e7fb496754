import type { ServiceContext } from "../context";
import { hashPassword } from "../modules/auth/passwords";
import { normalizeRoles, Role } from "../modules/users/role";
import { User } from "../modules/users/user.entity";

export const DEMO_PASSWORD = "zhiyan-demo-2026";

export interface DemoUsers {
  admin: User;
  editor: User;
  moderator: User;
  moderator2: User;
  authorZhang: User;
  authorLi: User;
  readerWang: User;
  readerZhao: User;
  readerQian: User;
}

const PEOPLE: Record<keyof DemoUsers, { username: string; displayName: string; bio: string; roles: Role[] }> = {
  admin: { username: "admin", displayName: "管理员", bio: "站点管理员", roles: [Role.ADMIN] },
  editor: { username: "editor_lin", displayName: "编辑小林", bio: "负责作者申请与投稿审核", roles: [Role.EDITOR] },
  moderator: { username: "mod_zhou", displayName: "版主老周", bio: "社区公约的守护者", roles: [Role.MODERATOR] },
  moderator2: { username: "mod_chen", displayName: "版主陈晨", bio: "处理申诉", roles: [Role.MODERATOR] },
  authorZhang: { username: "zhang_san", displayName: "张三", bio: "后端工程师，写分布式系统", roles: [Role.AUTHOR] },
  authorLi: { username: "li_si", displayName: "李四", bio: "产品经理，关注用户体验", roles: [Role.AUTHOR] },
  readerWang: { username: "wang_wu", displayName: "王五", bio: "爱读技术文章", roles: [] },
  readerZhao: { username: "zhao_liu", displayName: "赵六", bio: "刚入门的程序员", roles: [] },
  readerQian: { username: "qian_qi", displayName: "钱七", bio: "喜欢抬杠", roles: [] },
};

/** Demo accounts with Chinese names; existing ones are kept, so seeding twice is harmless. */
export async function seedUsers(ctx: ServiceContext): Promise<DemoUsers> {
  const repo = ctx.ds.getRepository(User);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const result = {} as DemoUsers;
  for (const [key, p] of Object.entries(PEOPLE) as [keyof DemoUsers, (typeof PEOPLE)[keyof DemoUsers]][]) {
    const existing = await repo.findOneBy({ username: p.username });
    result[key] =
      existing ??
      (await repo.save(
        repo.create({
          username: p.username,
          email: `${p.username}@demo.zhiyan.example`,
          passwordHash,
          displayName: p.displayName,
          bio: p.bio,
          avatarUrl: null,
          roles: normalizeRoles(p.roles),
          createdAt: ctx.now,
          updatedAt: ctx.now,
        }),
      ));
  }
  return result;
}
